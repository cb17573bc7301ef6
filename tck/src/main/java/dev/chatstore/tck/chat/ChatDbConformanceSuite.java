package dev.chatstore.tck.chat;

import dev.chatstore.ChatStore;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.chat.ChatDbOptions;
import dev.chatstore.chat.Hlc;
import dev.chatstore.tck.ManualClock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@link ChatDb} contract (spec 004) as one JUnit 5 suite. A backend runs it through
 * one small subclass that says how to open a {@link ChatStore} on it:
 *
 * <pre>{@code
 * class SqliteChatDbConformanceTest extends ChatDbConformanceSuite {
 *   protected ChatStore open(Path dir, Clock clock) {
 *     return ChatStore.on(SqliteKvStore.open(dir, SqliteOptions.defaults(),
 *         StoreOptions.defaults().withClock(clock)));
 *   }
 * }
 * }</pre>
 *
 * <p>Per test the suite makes a {@link ManualClock}, opens a store on a fresh temporary
 * directory, and takes the chat database of tenant {@value #TENANT} (with the clock) as
 * {@link ChatDbTck#db()}; {@link ChatDbTck#other()} is the database of a second tenant of the
 * same store. The store is closed afterwards.
 *
 * <p>The tests live in the contract interfaces {@link MessageContract}, {@link InboxContract},
 * {@link MemberContract}, {@link IdentityContract}, {@link SyncContract},
 * {@link RetentionContract} and {@link ChatConcurrencyContract}. Nothing measures speed; every
 * test is bounded in time. Randomized tests print their seed on failure; replay with
 * {@code -D}{@value #SEED_PROPERTY}{@code =<seed>}.
 */
@Timeout(120)
public abstract class ChatDbConformanceSuite implements MessageContract, InboxContract,
    MemberContract, IdentityContract, SyncContract, RetentionContract, ChatConcurrencyContract {
  /** The tenant of {@link #db()}. */
  public static final String TENANT = "chat-main";
  /** The tenant of {@link #other()}. */
  public static final String OTHER_TENANT = "chat-other";
  /** The system property that fixes the seed of every test's randomness. */
  public static final String SEED_PROPERTY = "chatstore.tck.seed";

  private ManualClock clock;
  private ChatStore store;
  private ChatDb db;
  private ChatDb other;
  private Hlc hlc;
  private long seed;

  /**
   * Opens a store whose data lives under {@code dir} (a fresh temporary directory per test; a
   * network backend derives a unique namespace from it), with {@code clock} as its clock.
   */
  protected abstract ChatStore open(Path dir, Clock clock);

  @BeforeEach
  final void openChatDbUnderTest(@TempDir Path dir) {
    String fixed = System.getProperty(SEED_PROPERTY);
    seed = fixed != null ? Long.parseLong(fixed.trim()) : ThreadLocalRandom.current().nextLong();
    clock = new ManualClock();
    hlc = new Hlc(clock);
    store = Objects.requireNonNull(open(dir, clock), "open(dir, clock) returned null");
    db = ChatDb.open(store, TENANT, options(null));
    other = ChatDb.open(store, OTHER_TENANT, options(null));
  }

  @AfterEach
  final void closeChatDbUnderTest() {
    if (db != null) {
      db.close();
      other.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private ChatDbOptions options(java.time.Duration retention) {
    return ChatDbOptions.defaults().withClock(clock).withRetention(retention);
  }

  @Override
  public final ChatDb db() {
    return db;
  }

  @Override
  public final ChatDb other() {
    return other;
  }

  @Override
  public final ChatDb withRetention(java.time.Duration retention) {
    return ChatDb.open(store, TENANT, options(retention));
  }

  @Override
  public final ChatStore store() {
    return store;
  }

  @Override
  public final ManualClock clock() {
    return clock;
  }

  @Override
  public final Hlc hlc() {
    return hlc;
  }

  @Override
  public final long seed() {
    return seed;
  }
}
