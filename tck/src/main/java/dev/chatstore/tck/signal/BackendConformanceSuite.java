package dev.chatstore.tck.signal;

import dev.chatstore.ChatStore;
import dev.chatstore.signal.Backend;
import dev.chatstore.signal.Devices;
import dev.chatstore.signal.DevicesOptions;
import dev.chatstore.tck.ManualClock;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole contract of the specification-001 stores ({@link Backend}: {@link SignalContract},
 * {@link AppSyncContract}, {@link ProtocolContract}, {@link DeviceContract}) as one JUnit 5
 * suite. A backend runs it through one small subclass that says how to open a store:
 *
 * <pre>{@code
 * class SqliteBackendConformanceTest extends BackendConformanceSuite {
 *   protected ChatStore open(Path dir) {
 *     return ChatStore.open("sqlite:" + dir);
 *   }
 *   protected boolean persistent() {
 *     return true;
 *   }
 * }
 * }</pre>
 *
 * <p>Per test the suite opens a store on a fresh temporary directory (a network backend derives
 * a unique namespace from it), opens its {@link Devices} with {@link #options()} and a
 * {@link ManualClock}, creates a device and hands its backend to the tests; it closes the store
 * afterwards. {@link #reopen()} calls {@code open} again on the same directory.
 */
@Timeout(120)
public abstract class BackendConformanceSuite implements SignalContract, AppSyncContract,
    ProtocolContract, DeviceContract {

  private Path dir;
  private ManualClock clock;
  private ChatStore store;
  private Devices devices;
  private Backend backend;

  /** Opens (or reopens) the store whose data lives under {@code dir}. */
  protected abstract ChatStore open(Path dir);

  /** Whether a store opened again on the same directory finds the data (default false). */
  @Override
  public boolean persistent() {
    return false;
  }

  /** The options of the devices under test; by default {@link DevicesOptions#defaults()}. */
  protected DevicesOptions options() {
    return DevicesOptions.defaults();
  }

  @BeforeEach
  final void openBackendUnderTest(@TempDir Path tempDir) {
    dir = tempDir;
    clock = new ManualClock();
    store = Objects.requireNonNull(open(dir), "open(dir) returned null");
    devices = Devices.open(store, options().withClock(clock));
    backend = devices.device(devices.create());
  }

  @AfterEach
  final void closeBackendUnderTest() {
    if (store != null) {
      store.close();
      store = null;
    }
  }

  @Override
  public final Backend backend() {
    return backend;
  }

  @Override
  public final Devices devices() {
    return devices;
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
  public final Backend reopen() {
    int id = backend.deviceId();
    store.close();
    store = null;
    store = Objects.requireNonNull(open(dir), "open(dir) returned null");
    devices = Devices.open(store, options().withClock(clock));
    backend = devices.device(id);
    return backend;
  }
}
