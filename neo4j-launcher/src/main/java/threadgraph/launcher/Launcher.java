package threadgraph.launcher;

import java.nio.file.Path;
import java.time.Duration;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Runs an embedded Neo4j Community with only Bolt on 127.0.0.1, for development and tests.
 *
 * <p>Usage: {@code Launcher <dataDir> <port>}; port 0 picks a free one. Once the default database
 * is available and has answered a query (so a Bolt client's first query works, not just its
 * connect), it prints one line, {@code READY bolt://127.0.0.1:<port>}, on stdout. It stops
 * cleanly on SIGTERM/SIGINT, and also when its stdin closes, so a parent that dies never
 * leaves a database running behind it.
 *
 * <p>The page cache is 256 MB unless the environment variable {@code NEO4J_PAGECACHE} names
 * another size (for example {@code 1g} or {@code 512m}): the benchmark's large dataset needs more.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: Launcher <dataDir> <port>");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);

    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
            .setConfig(GraphDatabaseSettings.auth_enabled, false)
            .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes())
            .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60))
            .setConfig(GraphDatabaseSettings.lock_acquisition_timeout, Duration.ofSeconds(30))
            .build();

    Thread stopper = new Thread(() -> dbms.shutdown(), "neo4j-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);

    GraphDatabaseAPI system = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    int bound =
        system.getDependencyResolver()
            .resolveDependency(ConnectorPortRegister.class)
            .getLocalAddress(ConnectorType.BOLT)
            .getPort();
    // Bolt listens before the default database has started (8-11 s on a cold store): a client
    // told READY then would fail its first queries. Wait for the database and run one.
    GraphDatabaseService neo4j = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    if (!neo4j.isAvailable(Duration.ofMinutes(5).toMillis())) {
      System.err.println("the default database did not become available within 5 minutes");
      System.exit(1);
    }
    neo4j.executeTransactionally("RETURN 1");
    System.out.println("READY bolt://127.0.0.1:" + bound);
    System.out.flush();

    // A parent that goes away closes our stdin: stop with it.
    while (System.in.read() != -1) {
      // ignore input
    }
    System.exit(0);
  }

  /** NEO4J_PAGECACHE when set (parsed like Neo4j's own settings: 512m, 1g, ...), else 256 MB. */
  private static long pageCacheBytes() {
    String configured = System.getenv("NEO4J_PAGECACHE");
    if (configured == null || configured.isBlank()) return ByteUnit.mebiBytes(256);
    try {
      return ByteUnit.parse(configured.trim());
    } catch (IllegalArgumentException e) {
      System.err.println("NEO4J_PAGECACHE must be a size like 512m or 1g, got \"" + configured + "\"");
      System.exit(2);
      return 0;
    }
  }
}
