package dev.chatstore.cli;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.keyspace.Tenant;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Subspace;
import dev.chatstore.tuple.Tuple;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code chatstore demo}: writes and reads a small, realistic data set (three accounts with
 * credentials, Signal keys, app state, devices and chat messages) and prints what it did and
 * how long it took. The data is deterministic and every write is an upsert, so running it again
 * finds the same data and leaves it identical.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Write and read a small realistic data set, printing what it did and the"
        + " timings. Safe to run again.")
final class DemoCommand implements Callable<Integer> {
  static final List<String> TENANTS =
      List.of("alice:phone", "bob:laptop", "support-bot:node-1");
  static final int PREKEYS = 200;
  static final int SESSIONS = 20;
  static final int CHATS = 5;
  static final int MESSAGES_PER_CHAT = 100;
  private static final long BASE_TIME = 1_763_600_000_000L;

  @Spec
  CommandSpec spec;

  @Option(names = "--uri", defaultValue = ChatStore.DEFAULT_URI,
      description = "The store to use (default: ${DEFAULT-VALUE}).")
  String uri;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("chatstore demo on " + uri);
    long t0 = System.nanoTime();
    try (ChatStore store = ChatStore.open(uri)) {
      out.printf(Locale.ROOT, "  opened the store                      %8.1f ms%n", ms(t0));
      int already = countPresent(store);
      long w0 = System.nanoTime();
      int written = 0;
      for (String id : TENANTS) {
        written += writeAccount(store.tenant(id));
      }
      double writeMs = ms(w0);
      out.printf(Locale.ROOT, "  wrote %,d keys for %d accounts in 6 areas %7.1f ms  (%,.0f keys/s)%n",
          written, TENANTS.size(), writeMs, written / (writeMs / 1000.0));
      out.printf(Locale.ROOT, "    of them %,d chat messages, each its own durable write,"
          + " sent by 8 threads at once (group commit)%n", TENANTS.size() * CHATS * MESSAGES_PER_CHAT);
      readBack(store, out);
      out.println("  the store now holds:");
      for (String id : store.tenants()) {
        Map<Area, Long> counts = store.tenant(id).counts();
        out.println("    " + id + "  " + counts);
      }
      if (already > 0) {
        out.printf(Locale.ROOT, "  this was a re-run: the %,d credential keys found were left"
            + " identical (writes are upserts)%n", already);
      }
    }
    out.printf(Locale.ROOT, "  done in %.1f ms%n", ms(t0));
    return 0;
  }

  private static int countPresent(ChatStore store) {
    int n = 0;
    for (String id : TENANTS) {
      n += (int) store.tenant(id).area(Area.CREDENTIALS).count(KeyRange.all());
    }
    return n;
  }

  /** Writes one account's data, each area as one atomic batch; messages one by one. */
  private static int writeAccount(Tenant tenant) {
    String id = tenant.id();
    int n = 0;
    WriteBatch.Builder creds = WriteBatch.builder();
    for (String name : List.of("noise-key", "identity-key", "adv-secret-key", "signed-pre-key")) {
      creds.put(Tuple.of(name).pack(), bytes(id + name, 32));
    }
    creds.put(Tuple.of("registration-id").pack(), bytes(id + "reg", 4));
    n += write(tenant.area(Area.CREDENTIALS), creds);

    WriteBatch.Builder signal = WriteBatch.builder();
    for (int i = 1; i <= PREKEYS; i++) {
      signal.put(Tuple.of("pre-key", i).pack(), bytes(id + "pk" + i, 64));
    }
    for (int i = 0; i < SESSIONS; i++) {
      signal.put(Tuple.of("session", contact(i), 0).pack(), bytes(id + "s" + i, 1200));
    }
    n += write(tenant.area(Area.SIGNAL), signal);

    n += write(tenant.area(Area.APP_STATE), WriteBatch.builder()
        .put(Tuple.of("version", "regular_high").pack(), Tuple.of(42L).pack())
        .put(Tuple.of("version", "critical_block").pack(), Tuple.of(7L).pack()));

    WriteBatch.Builder devices = WriteBatch.builder();
    for (int i = 0; i < SESSIONS; i++) {
      devices.put(Tuple.of("device-list", contact(i)).pack(), Tuple.of(0L, 1L, 2L).pack());
    }
    n += write(tenant.area(Area.DEVICE), devices);

    // a token that expires: invisible to every read after its instant, swept later
    n += write(tenant.area(Area.PROTOCOL), WriteBatch.builder()
        .put(Tuple.of("tc-token", contact(0)).pack(), bytes(id + "tc", 24),
            Instant.now().plus(Duration.ofDays(7))));

    n += writeMessages(tenant.area(Area.CHAT), id);
    return n;
  }

  /** Each message is its own durable write, from 8 threads: the writer groups them. */
  private static int writeMessages(KvStore chat, String id) {
    List<CompletableFuture<Void>> senders = new ArrayList<>();
    int total = CHATS * MESSAGES_PER_CHAT;
    for (int t = 0; t < 8; t++) {
      int thread = t;
      senders.add(CompletableFuture.runAsync(() -> {
        for (int m = thread; m < total; m += 8) {
          int c = m % CHATS;
          int seq = m / CHATS;
          String text = "{\"from\":\"" + contact(c) + "\",\"text\":\"message " + seq
              + " in chat " + c + " of " + id + "\"}";
          chat.put(Tuple.of("msg", chat(c), BASE_TIME + seq * 1000L, "3EB0" + seq).pack(),
              text.getBytes(StandardCharsets.UTF_8));
        }
      }));
    }
    senders.forEach(CompletableFuture::join);
    return total;
  }

  private static void readBack(ChatStore store, PrintWriter out) {
    long r0 = System.nanoTime();
    int checked = 0;
    for (String id : TENANTS) {
      byte[] identity = store.tenant(id).area(Area.CREDENTIALS).get(Tuple.of("identity-key").pack());
      if (!Arrays.equals(identity, bytes(id + "identity-key", 32))) {
        throw new IllegalStateException("identity key of " + id + " did not read back as written");
      }
      checked++;
    }
    out.printf(Locale.ROOT, "  read %d identity keys back, each the 32 bytes written %6.2f ms%n",
        checked, ms(r0));

    KvStore signal = store.tenant(TENANTS.get(0)).area(Area.SIGNAL);
    List<byte[]> keys = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      keys.add(Tuple.of("pre-key", i).pack());
    }
    long g0 = System.nanoTime();
    long found = signal.getAll(keys).stream().filter(v -> v != null).count();
    out.printf(Locale.ROOT, "  multi-get of 50 pre-keys: %d found            %6.2f ms%n", found,
        ms(g0));

    KvStore chat = store.tenant(TENANTS.get(0)).area(Area.CHAT);
    Subspace conversation = Subspace.fromBytes(Tuple.of("msg", chat(0)).pack());
    long s0 = System.nanoTime();
    ScanPage latest = chat.scan(KeyRange.prefix(conversation.prefix()), Direction.DESCENDING, 20);
    double scanMs = ms(s0);
    KvEntry newest = latest.entries().get(0);
    long c0 = System.nanoTime();
    long inChat = chat.count(KeyRange.prefix(conversation.prefix()));
    out.printf(Locale.ROOT, "  latest 20 of %d messages in %s, newest first %6.2f ms (count %.2f ms)%n",
        inChat, chat(0), scanMs, ms(c0));
    out.println("    newest: " + new String(newest.value(), StandardCharsets.UTF_8));
  }

  private static int write(KvStore area, WriteBatch.Builder batch) {
    WriteBatch b = batch.build();
    area.write(b);
    return b.size();
  }

  static String contact(int i) {
    return String.format(Locale.ROOT, "1555%07d@s.whatsapp.net", i);
  }

  static String chat(int i) {
    return i == 0 ? "120363000000000001@g.us" : contact(i);
  }

  /** Deterministic bytes, so that a re-run writes identical values. */
  static byte[] bytes(String seed, int length) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] out = new byte[length];
      byte[] block = sha.digest(seed.getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < length; i++) {
        if (i > 0 && i % block.length == 0) {
          block = sha.digest(block);
        }
        out[i] = block[i % block.length];
      }
      return out;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
