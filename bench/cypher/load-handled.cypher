// One batch of (:Agent)-[:HANDLED]->(:Interaction) edges, one per AGENT participant.
UNWIND $rows AS r
MATCH (a:Agent {tenant: $tenant, id: r.agentId})
MATCH (i:Interaction {tenant: $tenant, id: r.interactionId})
CREATE (a)-[:HANDLED]->(i)
