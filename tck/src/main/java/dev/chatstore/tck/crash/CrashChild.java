package dev.chatstore.tck.crash;

import dev.chatstore.ChatStore;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.jobs.Job;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.signal.Backend;
import dev.chatstore.signal.Devices;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The process a crash test kills: opens the store through a {@link CrashTarget}, prints
 * {@code ready}, then runs every lane of the {@link CrashWorkload} on its own thread until it is
 * killed, printing {@code ack LANE INDEX} (and flushing) after each write the store acknowledged,
 * both to its standard output and, in one {@code write} call, to an acknowledgement file (which a
 * SIGKILL cannot cut short: the line is in the operating system's cache once written).
 * It never closes the store. It stops by itself when its standard input closes (the parent is
 * gone) or after {@link #MAX_LIFE_SECONDS}. Started by {@link CrashHarness}; not for production.
 *
 * <p>Arguments: {@code TARGET_CLASS DIR SEED WORKLOAD FIRST_INDICES ACK_FILE}, the
 * indices a comma-separated list with the index of the first operation of each lane.
 */
public final class CrashChild {
  /** The longest a child runs if nobody kills it. */
  static final long MAX_LIFE_SECONDS = 120;

  private static final PrintStream OUT =
      new PrintStream(System.out, false, StandardCharsets.US_ASCII);

  private static FileOutputStream acks;

  private CrashChild() {}

  /**
   * Runs the child.
   *
   * @param args {@code TARGET_CLASS DIR SEED WORKLOAD FIRST_INDICES ACK_FILE}
   * @throws Exception when the store cannot be opened (exit code 1, the trace on stderr)
   */
  public static void main(String[] args) throws Exception {
    CrashTarget target = (CrashTarget) Class.forName(args[0]).getConstructor().newInstance();
    Path dir = Path.of(args[1]);
    long seed = Long.parseLong(args[2]);
    CrashWorkload workload = CrashWorkload.parse(args[3]);
    String[] first = args[4].split(",");
    acks = new FileOutputStream(args[5], true);
    Thread.ofPlatform().daemon().start(CrashChild::dieWithParent);
    Thread warmUp = Thread.ofPlatform().daemon().start(() -> warmUp(workload, seed));
    CrashTarget.Stores stores = target.open(dir);
    warmUp.join();
    say("ready");
    Devices devices = workload.signalLanes() > 0 ? Devices.open(stores.chatStore()) : null;
    for (int lane = 0; lane < workload.lanes(); lane++) {
      int l = lane;
      long from = Long.parseLong(first[lane]);
      Thread.ofPlatform().name("lane-" + lane).start(() -> {
        try {
          runLane(stores, devices, workload, seed, l, from);
        } catch (Throwable t) {
          System.err.println("lane " + l + " failed:");
          t.printStackTrace();
          say("failed " + l + " " + t);
          Runtime.getRuntime().halt(3);
        }
      });
    }
  }

  private static void runLane(CrashTarget.Stores stores, Devices devices, CrashWorkload workload,
      long seed, int lane, long from) throws Exception {
    ArrayDeque<Map.Entry<Long, CompletableFuture<?>>> inFlight = new ArrayDeque<>();
    CrashWorkload.Kind kind = workload.kind(lane);
    ChatDb chat = kind == CrashWorkload.Kind.CHAT
        ? ChatDb.open(stores.chatStore(), ChatLane.tenant(lane)) : null;
    Backend device = kind == CrashWorkload.Kind.SIGNAL
        ? SignalLane.ensure(devices, SignalLane.device(workload.ordinal(lane))) : null;
    Job job = kind == CrashWorkload.Kind.JOB ? stores.jobs().openJob(JobLane.jobId(lane)) : null;
    for (long i = from; ; i++) {
      List<CrashOp> ops = workload.op(seed, lane, i);
      switch (workload.kind(lane)) {
        case PUT, BATCH -> {
          stores.store().write(batch(ops));
          say("ack " + lane + " " + i);
        }
        case ASYNC, JOB -> {
          inFlight.add(new SimpleEntry<>(i, job == null ? stores.store().writeAsync(batch(ops))
              : JobLane.write(job, ops)));
          if (inFlight.size() >= workload.asyncDepth()) {
            Map.Entry<Long, CompletableFuture<?>> head = inFlight.poll();
            head.getValue().get();
            say("ack " + lane + " " + head.getKey());
          }
        }
        case CHAT -> {
          ChatLane.write(chat, ops, i);
          say("ack " + lane + " " + i);
        }
        case SIGNAL -> {
          SignalLane.write(device, ops);
          say("ack " + lane + " " + i);
        }
        case ENGINE -> {
          if (ops.size() == 1) {
            switch (ops.get(0)) {
              case CrashOp.Put p -> stores.engine().set(p.key(), p.value());
              case CrashOp.Cascade c -> stores.engine().set(c.key(), null);
              default -> throw new AssertionError(ops.get(0));
            }
          } else {
            List<Map.Entry<String, String>> entries = new ArrayList<>();
            for (CrashOp op : ops) {
              switch (op) {
                case CrashOp.Put p -> entries.add(new SimpleEntry<>(p.key(), p.value()));
                case CrashOp.Cascade c -> entries.add(new SimpleEntry<>(c.key(), null));
                default -> throw new AssertionError(op);
              }
            }
            stores.engine().setBatch(entries);
          }
          say("ack " + lane + " " + i);
        }
        default -> throw new AssertionError(workload.kind(lane));
      }
    }
  }

  /**
   * Loads what the chat lanes need (the chat database, its record codec, the Merkle hash) with
   * one put into a store in memory while the target opens the store under test, so that the
   * chat lanes write as soon as the others and are not still loading classes when the child is
   * killed.
   */
  private static void warmUp(CrashWorkload workload, long seed) {
    for (int lane = 0; lane < workload.lanes(); lane++) {
      if (workload.kind(lane) == CrashWorkload.Kind.CHAT) {
        ChatStore memory = ChatStore.on(new MemoryKvStore(StoreOptions.defaults()));
        ChatLane.write(ChatDb.open(memory, ChatLane.tenant(lane)), workload.op(seed, lane, 0), 0);
        return;
      }
    }
  }

  /** The key-value batch of {@code ops}. */
  static WriteBatch batch(List<CrashOp> ops) {
    WriteBatch.Builder b = WriteBatch.builder();
    for (CrashOp op : ops) {
      switch (op) {
        case CrashOp.Put p -> b.put(ascii(p.key()), ascii(p.value()));
        case CrashOp.Delete d -> b.delete(ascii(d.key()));
        case CrashOp.DeleteRange r -> b.deleteRange(KeyRange.of(ascii(r.from()), ascii(r.to())));
        case CrashOp.Cascade c -> throw new AssertionError("a cascade is an Engine operation");
      }
    }
    return b.build();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static void say(String line) {
    synchronized (OUT) {
      if (line.startsWith("ack ")) {
        try {
          acks.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      OUT.print(line);
      OUT.print('\n');
      OUT.flush();
    }
  }

  /** Halts when the parent closes our standard input or dies, or after the longest life. */
  private static void dieWithParent() {
    Thread reader = Thread.ofPlatform().daemon().start(() -> {
      try {
        while (System.in.read() >= 0) {
          // the parent only ever closes the stream
        }
      } catch (IOException e) {
        // the parent is gone
      }
    });
    try {
      reader.join(TimeUnit.SECONDS.toMillis(MAX_LIFE_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(4);
  }
}
