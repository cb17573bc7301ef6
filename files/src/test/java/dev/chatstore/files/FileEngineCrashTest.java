package dev.chatstore.files;

import dev.chatstore.tck.crash.CrashHarness;
import dev.chatstore.tck.crash.CrashTarget;
import dev.chatstore.tck.crash.CrashWorkload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process writing through the {@link FileEngine}, killed with SIGKILL at random moments, loses
 * no acknowledged set, leaves no {@code setBatch} in part (the batch journal is finished at the
 * next open) and no value torn, and the folder opens as it is with no temporary file left over.
 * Four threads write sets, batches and cascade deletes ({@link CrashWorkload#engineOnly()}).
 * {@link KillTest} covers large values of a single writer; this covers many writers and the
 * exact history. It pins a bug it found: a lone {@code set(folder, null)} deleted the folder's
 * files one by one without the batch journal, so a kill in the middle left the chat half
 * deleted for good; the delete is now journaled and finished at the next open.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FileEngineCrashTest {
  @TempDir
  Path dir;

  /** The file engine with its default (durable) options, session {@code s}. */
  public static final class Durable implements CrashTarget {
    @Override
    public Stores open(Path dir) {
      FileEngine engine = FileEngine.open(dir, "s");
      return Stores.ofEngine(engine, engine);
    }

    @Override
    public String checkFiles(Path dir) throws IOException {
      for (String file : Disk.files(dir.resolve("s")).keySet()) {
        if (KeyPaths.isTempName(file.substring(file.lastIndexOf('/') + 1))) {
          return "a temporary file is left after the folder was opened: " + file;
        }
      }
      return null;
    }
  }

  @Test
  void killedWhileWriting_keepsEveryAcknowledgedWrite() throws Exception {
    CrashHarness.of(CrashWorkload.engineOnly(), Durable.class).run(dir);
  }
}
