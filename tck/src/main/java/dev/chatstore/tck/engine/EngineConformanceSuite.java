package dev.chatstore.tck.engine;

import dev.chatstore.engine.Engine;
import dev.chatstore.engine.KvEngine;
import dev.chatstore.engine.Messages;
import dev.chatstore.tck.ManualClock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole {@link Engine} contract (spec 000), and that of its message index {@link Messages},
 * as one JUnit 5 suite. An engine runs it through one small subclass that says how to open it and
 * which optional behaviours it has:
 *
 * <pre>{@code
 * class SqliteEngineConformanceTest extends EngineConformanceSuite {
 *   protected EngineHost open(Path dir, Clock clock) {
 *     ChatStore store = ChatStore.on(SqliteKvStore.open(dir, SqliteOptions.defaults(),
 *         StoreOptions.defaults().withClock(clock)));
 *     return EngineHost.of(session -> KvEngine.of(store, session, clock), store);
 *   }
 *   protected Set<EngineCapability> capabilities() {
 *     return EnumSet.allOf(EngineCapability.class);
 *   }
 * }
 * }</pre>
 *
 * <p>Per test the suite makes a {@link ManualClock}, opens a host on a fresh temporary directory,
 * takes session {@value #MAIN_SESSION} as {@link #engine()}, and closes the host afterwards.
 * {@code open} is called again on the same directory when a test reopens
 * ({@link EngineCapability#PERSISTENT}). The engine must take expiry and modification times from
 * the clock given (the tests move it between writes whose order they check).
 *
 * <h2>Hooks</h2>
 * <ul>
 *   <li>{@link #capabilities()}: the optional behaviours ({@link EngineCapability}); tests of a
 *       missing one are skipped, or check its clear refusal.</li>
 *   <li>{@link #sameInstantOrder()}: how keys modified in one instant are listed (default
 *       {@link SameInstantOrder#MODIFICATION_ORDER_NEWEST_FIRST}).</li>
 *   <li>{@link #messages(Engine)}: the message index to test (default {@link Messages#on}).</li>
 *   <li>{@link #indexProblems(Engine)}: an internal consistency check run after the concurrent
 *       tests (default: {@link KvEngine#verifyIndex()} for a {@code KvEngine}, else none).</li>
 * </ul>
 * The tests live in the contract interfaces: {@link GetSetContract}, {@link KeyRulesContract},
 * {@link ListContract}, {@link SetBatchContract}, {@link TtlContract},
 * {@link DeletePrefixContract}, {@link SessionContract}, {@link MessagesContract},
 * {@link EngineConcurrencyContract}. Every test is bounded in time ({@code @Timeout}); nothing
 * measures speed. Randomized tests print their seed; replay with
 * {@code -D}{@value #SEED_PROPERTY}{@code =<seed>}.
 */
@Timeout(120)
@ExtendWith(CapabilityCondition.class)
public abstract class EngineConformanceSuite implements GetSetContract, KeyRulesContract,
    ListContract, SetBatchContract, TtlContract, DeletePrefixContract, SessionContract,
    MessagesContract, EngineConcurrencyContract {

  /** The session id of {@link #engine()}. */
  public static final String MAIN_SESSION = "main";
  /** The system property that fixes the seed of every test's randomness. */
  public static final String SEED_PROPERTY = "chatstore.tck.seed";

  private static final Logger LOG = LoggerFactory.getLogger(EngineConformanceSuite.class);

  private Path dir;
  private ManualClock clock;
  private EngineHost host;
  private Engine engine;
  private long seed;

  /**
   * Opens (or reopens) the engines whose data lives under {@code dir}: a fresh temporary
   * directory per test, the same across {@link #reopen()}. A network backend derives a unique
   * namespace from it. The engines must use {@code clock} for expiry and modification times.
   */
  protected abstract EngineHost open(Path dir, Clock clock);

  /** The optional behaviours the engine has. */
  protected abstract Set<EngineCapability> capabilities();

  /** How the engine lists keys modified in the same instant. */
  protected SameInstantOrder sameInstantOrder() {
    return SameInstantOrder.MODIFICATION_ORDER_NEWEST_FIRST;
  }

  /** The message index tested on {@code engine}; by default {@code Messages.on(engine)}. */
  protected Messages messages(Engine engine) {
    return Messages.on(engine);
  }

  /**
   * The engine's internal consistency problems, checked after the concurrent tests: by default
   * {@link KvEngine#verifyIndex()} for a {@code KvEngine}, none otherwise.
   */
  protected List<String> indexProblems(Engine engine) {
    return engine instanceof KvEngine kv ? kv.verifyIndex() : List.of();
  }

  @BeforeEach
  final void openEngineUnderTest(@TempDir Path tempDir) {
    String fixed = System.getProperty(SEED_PROPERTY);
    seed = fixed != null ? Long.parseLong(fixed.trim()) : ThreadLocalRandom.current().nextLong();
    LOG.debug("{}: seed {}", getClass().getSimpleName(), seed);
    dir = tempDir;
    clock = new ManualClock();
    host = Objects.requireNonNull(open(dir, clock), "open(dir, clock) returned null");
    engine = Objects.requireNonNull(host.session(MAIN_SESSION), "session(main) returned null");
  }

  @AfterEach
  final void closeEngineUnderTest() {
    if (host != null) {
      host.close();
      host = null;
    }
  }

  @Override
  public final Engine engine() {
    return engine;
  }

  @Override
  public final Engine session(String id) {
    return host.session(id);
  }

  @Override
  public final ManualClock clock() {
    return clock;
  }

  @Override
  public final Engine reopen() {
    host.close();
    host = null;
    host = Objects.requireNonNull(open(dir, clock), "open(dir, clock) returned null");
    engine = Objects.requireNonNull(host.session(MAIN_SESSION), "session(main) returned null");
    return engine;
  }

  @Override
  public final Set<EngineCapability> declaredCapabilities() {
    Set<EngineCapability> c = capabilities();
    return c == null || c.isEmpty() ? EnumSet.noneOf(EngineCapability.class) : EnumSet.copyOf(c);
  }

  @Override
  public final SameInstantOrder declaredSameInstantOrder() {
    return sameInstantOrder();
  }

  @Override
  public final Messages messagesOf(Engine e) {
    return messages(e);
  }

  @Override
  public final List<String> problemsOf(Engine e) {
    return indexProblems(e);
  }

  @Override
  public final long seed() {
    return seed;
  }

  /** The temporary directory of this test. */
  protected final Path directory() {
    return dir;
  }
}
