// The sequencer's lock node: one, so two sequencers never number a tenant's events at once.
CREATE CONSTRAINT event_sequencer_name IF NOT EXISTS FOR (s:EventSequencer) REQUIRE s.name IS UNIQUE
