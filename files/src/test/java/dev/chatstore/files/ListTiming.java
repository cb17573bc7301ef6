package dev.chatstore.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-off measurement, not a test: how long {@code list} takes on a session folder of 10,000
 * keys, and how long opening it (walking the folder to build the index) takes. No assertion;
 * it logs percentiles. Run from the repository root after {@code mvn -q -B -o -pl files
 * test-compile}:
 *
 * <pre>
 * mvn -q -B -o -pl files dependency:build-classpath -Dmdep.outputFile=/tmp/files.cp
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java \
 *   -cp files/target/test-classes:files/target/classes:$(cat /tmp/files.cp) \
 *   dev.chatstore.files.ListTiming [folder]
 * </pre>
 */
public final class ListTiming {
  private static final Logger LOG = LoggerFactory.getLogger(ListTiming.class);

  private ListTiming() {}

  public static void main(String[] args) throws Exception {
    Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("list-timing");
    int chats = 100;
    int perChat = 100;
    try (FileEngine engine = FileEngine.open(base, "bench",
        FileEngineOptions.defaults().withDurable(false))) {
      long t0 = System.nanoTime();
      for (int c = 0; c < chats; c++) {
        List<Map.Entry<String, String>> batch = new ArrayList<>();
        for (int m = 0; m < perChat; m++) {
          batch.add(Map.entry("chat/" + (5491100000L + c) + "@s.whatsapp.net/message/"
              + String.format("%032X", c * 1000L + m) + "/index", "{\"i\":" + m + "}"));
        }
        engine.setBatch(batch);
      }
      LOG.info("wrote {} keys in {} ms", chats * perChat, (System.nanoTime() - t0) / 1_000_000);
    }
    long t1 = System.nanoTime();
    try (FileEngine engine = FileEngine.open(base, "bench")) {
      LOG.info("open (walk + index of {} files): {} ms", chats * perChat,
          (System.nanoTime() - t1) / 1_000_000);
      measure(engine, "list(\"chat/\", 0, 50)", "chat/", 0);
      measure(engine, "list(\"\", 0, 50)", "", 0);
      measure(engine, "list(\"chat/\", 5000, 50)", "chat/", 5000);
      measure(engine, "list(one chat's prefix, 0, 50)", "chat/5491100042@s.whatsapp.net/", 0);
    }
  }

  private static void measure(FileEngine engine, String what, String prefix, int offset) {
    for (int i = 0; i < 3000; i++) {
      engine.list(prefix, offset, 50);
    }
    long[] nanos = new long[2000];
    for (int i = 0; i < nanos.length; i++) {
      long t = System.nanoTime();
      engine.list(prefix, offset, 50);
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    LOG.info("{}: median {} us, p99 {} us, max {} us (2,000 calls after 3,000 warm-up)", what,
        nanos[nanos.length / 2] / 1000, nanos[nanos.length * 99 / 100] / 1000,
        nanos[nanos.length - 1] / 1000);
  }
}
