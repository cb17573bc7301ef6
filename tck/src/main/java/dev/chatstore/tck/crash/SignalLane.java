package dev.chatstore.tck.crash;

import dev.chatstore.signal.Backend;
import dev.chatstore.signal.Devices;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A {@link CrashWorkload.Kind#SIGNAL} lane: the Signal store of one device (device {@code n + 1}
 * for the lane's position {@code n} among the Signal lanes), written as a client does.
 *
 * <p>Model keys and the calls behind them:
 * <ul>
 *   <li>{@code Snn/sK}: {@code putSession("addrK", value)} and {@code deleteSession};</li>
 *   <li>{@code Snn/pII}: one-time pre-key {@code II}: {@code storePrekeysBatch} of 2 to 5
 *       pre-keys (one atomic write) and {@code removePrekey};</li>
 *   <li>{@code Snn/tK}: the sent message {@code ("chatK", "msgK")}: {@code storeSentMessage}
 *       and {@code takeSentMessage}, whose payload must be whole;</li>
 *   <li>{@code Snn/iK}: {@code putIdentity("addrK", 32 bytes)}, a checksummed value of exactly
 *       32 characters, so that {@code loadIdentity} returning any other length is caught.</li>
 * </ul>
 * Records are the workload's checksummed values as ASCII bytes, so a session holding a mix of
 * two updates is recognised as torn.
 */
final class SignalLane {
  static final int SESSIONS = 6;
  static final int PREKEYS = 12;
  static final int SENT = 4;
  static final int IDENTITIES = 3;

  private SignalLane() {}

  /** The device of the lane at position {@code ordinal} among the Signal lanes. */
  static int device(int ordinal) {
    return ordinal + 1;
  }

  /** Creates devices until device {@code id} exists (ids count up from 1, never reused). */
  static Backend ensure(Devices devices, int id) {
    while (!devices.exists(id)) {
      devices.create();
    }
    return devices.device(id);
  }

  /** Operation {@code index} of a Signal lane whose keys start with {@code prefix}. */
  static List<CrashOp> op(String prefix, long index, SplittableRandom r) {
    int p = r.nextInt(100);
    List<CrashOp> ops = new ArrayList<>();
    if (p < 40) {
      String key = prefix + "s" + r.nextInt(SESSIONS);
      ops.add(new CrashOp.Put(key, CrashWorkload.value(key, index, r)));
    } else if (p < 45) {
      ops.add(new CrashOp.Delete(prefix + "s" + r.nextInt(SESSIONS)));
    } else if (p < 60) {
      int n = 2 + r.nextInt(4);
      int first = 1 + r.nextInt(PREKEYS);
      for (int i = 0; i < n; i++) {
        String key = prefix + String.format("p%02d", 1 + (first + i) % PREKEYS);
        ops.add(new CrashOp.Put(key, CrashWorkload.value(key, index, r)));
      }
    } else if (p < 65) {
      ops.add(new CrashOp.Delete(prefix + String.format("p%02d", 1 + r.nextInt(PREKEYS))));
    } else if (p < 80) {
      String key = prefix + "t" + r.nextInt(SENT);
      ops.add(new CrashOp.Put(key, CrashWorkload.value(key, index, r)));
    } else if (p < 90) {
      ops.add(new CrashOp.Delete(prefix + "t" + r.nextInt(SENT)));
    } else {
      String key = prefix + "i" + r.nextInt(IDENTITIES);
      ops.add(new CrashOp.Put(key, identity(key, index, r)));
    }
    return ops;
  }

  /** A checksummed value of exactly 32 characters: {@code key|index|letters|crc}. */
  static String identity(String key, long index, SplittableRandom r) {
    StringBuilder body = new StringBuilder(key).append('|').append(index).append('|');
    while (body.length() < 23) {
      body.append((char) ('a' + r.nextInt(26)));
    }
    return body + "|" + String.format("%08x", CrashWorkload.crc(body.toString()));
  }

  /** Applies one operation through {@code backend}. */
  static void write(Backend backend, List<CrashOp> ops) {
    CrashOp first = ops.get(0);
    String key = switch (first) {
      case CrashOp.Put p -> p.key();
      case CrashOp.Delete d -> d.key();
      default -> throw new AssertionError(first);
    };
    String name = key.substring(key.indexOf('/') + 2);
    switch (key.charAt(key.indexOf('/') + 1)) {
      case 's' -> {
        if (first instanceof CrashOp.Put p) {
          backend.putSession("addr" + name, bytes(p.value()));
        } else {
          backend.deleteSession("addr" + name);
        }
      }
      case 'p' -> {
        if (first instanceof CrashOp.Put) {
          List<Map.Entry<Integer, byte[]>> keys = new ArrayList<>();
          for (CrashOp op : ops) {
            CrashOp.Put p = (CrashOp.Put) op;
            keys.add(Map.entry(prekeyId(p.key()), bytes(p.value())));
          }
          backend.storePrekeysBatch(keys, true);
        } else {
          backend.removePrekey(Integer.parseInt(name));
        }
      }
      case 't' -> {
        if (first instanceof CrashOp.Put p) {
          backend.storeSentMessage("chat" + name, "msg" + name, bytes(p.value()));
        } else {
          Optional<byte[]> taken = backend.takeSentMessage("chat" + name, "msg" + name);
          String damage = taken.map(b -> CrashWorkload.damage(key, text(b))).orElse(null);
          if (damage != null) {
            throw new IllegalStateException("takeSentMessage of " + key + " returned a payload"
                + " that is not one written: " + damage);
          }
        }
      }
      case 'i' -> backend.putIdentity("addr" + name, bytes(((CrashOp.Put) first).value()));
      default -> throw new AssertionError(key);
    }
  }

  private static int prekeyId(String key) {
    return Integer.parseInt(key.substring(key.indexOf('/') + 2));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }

  /**
   * What the device of a lane holds, model key to value. A sent message is read with
   * {@code takeSentMessage} and stored again.
   *
   * @throws AssertionError when {@code loadIdentity} returns other than 32 bytes
   */
  static NavigableMap<String, String> read(Devices devices, String prefix, int device) {
    NavigableMap<String, String> found = new TreeMap<>();
    if (!devices.exists(device)) {
      return found;
    }
    Backend b = devices.device(device);
    for (int k = 0; k < SESSIONS; k++) {
      String key = prefix + "s" + k;
      b.getSession("addr" + k).ifPresent(v -> found.put(key, text(v)));
    }
    for (int id = 1; id <= PREKEYS; id++) {
      String key = prefix + String.format("p%02d", id);
      b.loadPrekey(id).ifPresent(v -> found.put(key, text(v)));
    }
    for (int k = 0; k < SENT; k++) {
      String key = prefix + "t" + k;
      Optional<byte[]> v = b.takeSentMessage("chat" + k, "msg" + k);
      if (v.isPresent()) {
        b.storeSentMessage("chat" + k, "msg" + k, v.get());
        found.put(key, text(v.get()));
      }
    }
    for (int k = 0; k < IDENTITIES; k++) {
      String key = prefix + "i" + k;
      Optional<byte[]> v = b.loadIdentity("addr" + k);
      if (v.isPresent() && v.get().length != 32) {
        throw new AssertionError("loadIdentity of " + key + " returned " + v.get().length
            + " bytes, expected 32");
      }
      v.ifPresent(bytes -> found.put(key, text(bytes)));
    }
    return found;
  }
}
