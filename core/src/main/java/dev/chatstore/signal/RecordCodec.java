package dev.chatstore.signal;

import dev.chatstore.kv.StoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of the stores' records: a format version byte ({@value #V1}), then the fields
 * in a fixed order with {@link DataOutputStream} (big-endian numbers, modified-UTF-8 strings,
 * byte arrays as a length and the bytes, optional fields behind a presence byte). A reader that
 * finds another version, a short or over-long record or a bad length throws a
 * {@link StoreException} of kind {@code SERIALIZATION} naming the key.
 */
final class RecordCodec {
  /** The only format version so far. */
  static final int V1 = 1;

  private RecordCodec() {}

  /** Writes the fields of one record. */
  interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /** Reads the fields of one record. */
  interface Parser<T> {
    T read(DataInputStream in) throws IOException;
  }

  static byte[] encode(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(V1);
      body.write(out);
    } catch (java.io.UTFDataFormatException e) {
      throw new IllegalArgumentException("a string of the record is too long: " + e.getMessage()
          + "; expected at most 65,535 bytes of UTF-8", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail otherwise
    }
    return bytes.toByteArray();
  }

  static <T> T decode(byte[] raw, String what, Parser<T> parser) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw))) {
      int version = in.read();
      if (version != V1) {
        throw corrupt(what, "format version " + version + ", expected " + V1, null);
      }
      T value = parser.read(in);
      if (in.available() > 0) {
        throw corrupt(what, in.available() + " bytes after the record", null);
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof StoreException s) {
        throw s;
      }
      throw corrupt(what, e.toString(), e);
    }
  }

  static StoreException corrupt(String what, String detail, Throwable cause) {
    return new StoreException(StoreException.Kind.SERIALIZATION, "stored " + what
        + " cannot be decoded: " + detail, cause);
  }

  // ---- field helpers ----

  static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("byte array length " + n + " exceeds the " + in.available()
          + " bytes left");
    }
    return in.readNBytes(n);
  }

  static void writeOptBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeBoolean(b != null);
    if (b != null) {
      writeBytes(out, b);
    }
  }

  static byte[] readOptBytes(DataInputStream in) throws IOException {
    return in.readBoolean() ? readBytes(in) : null;
  }

  static void writeOptString(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  static String readOptString(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  static void writeOptInt(DataOutputStream out, Integer i) throws IOException {
    out.writeBoolean(i != null);
    if (i != null) {
      out.writeInt(i);
    }
  }

  static Integer readOptInt(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readInt() : null;
  }

  // ---- records ----

  static byte[] syncKey(AppStateSyncKey k) {
    return encode(out -> {
      writeBytes(out, k.keyData());
      writeBytes(out, k.fingerprint());
      out.writeLong(k.timestamp());
    });
  }

  static AppStateSyncKey syncKey(byte[] raw, String what) {
    return decode(raw, what, in -> new AppStateSyncKey(readBytes(in), readBytes(in),
        in.readLong()));
  }

  static byte[] hashState(HashState s) {
    return encode(out -> {
      out.writeLong(s.version());
      writeBytes(out, s.hash());
      out.writeInt(s.indexValueMap().size());
      for (Map.Entry<String, byte[]> e : s.indexValueMap().entrySet()) {
        out.writeUTF(e.getKey());
        writeBytes(out, e.getValue());
      }
    });
  }

  static HashState hashState(byte[] raw, String what) {
    return decode(raw, what, in -> {
      long version = in.readLong();
      byte[] hash = readBytes(in);
      int n = in.readInt();
      if (n < 0 || n > in.available()) {
        throw new IOException("index count " + n + " is impossible");
      }
      Map<String, byte[]> map = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        map.put(in.readUTF(), readBytes(in));
      }
      return new HashState(version, hash, map);
    });
  }

  static byte[] lidMapping(LidPnMappingEntry e) {
    return encode(out -> {
      out.writeUTF(e.lid());
      out.writeUTF(e.phoneNumber());
      out.writeLong(e.createdAt());
      out.writeLong(e.updatedAt());
      out.writeUTF(e.learningSource());
    });
  }

  static LidPnMappingEntry lidMapping(byte[] raw, String what) {
    return decode(raw, what, in -> new LidPnMappingEntry(in.readUTF(), in.readUTF(),
        in.readLong(), in.readLong(), in.readUTF()));
  }

  static byte[] tcToken(TcTokenEntry t) {
    return encode(out -> {
      writeBytes(out, t.token());
      out.writeLong(t.tokenTimestamp());
      out.writeBoolean(t.senderTimestamp() != null);
      if (t.senderTimestamp() != null) {
        out.writeLong(t.senderTimestamp());
      }
    });
  }

  static TcTokenEntry tcToken(byte[] raw, String what) {
    return decode(raw, what, in -> new TcTokenEntry(readBytes(in), in.readLong(),
        in.readBoolean() ? in.readLong() : null));
  }

  static byte[] deviceList(DeviceListRecord r) {
    return encode(out -> {
      out.writeUTF(r.user());
      out.writeInt(r.devices().size());
      for (DeviceInfo d : r.devices()) {
        out.writeInt(d.deviceId());
        writeOptInt(out, d.keyIndex());
      }
      out.writeLong(r.timestamp());
      writeOptString(out, r.phash());
      writeOptInt(out, r.rawId());
    });
  }

  static DeviceListRecord deviceList(byte[] raw, String what) {
    return decode(raw, what, in -> {
      String user = in.readUTF();
      int n = in.readInt();
      if (n < 0 || n > in.available()) {
        throw new IOException("device count " + n + " is impossible");
      }
      List<DeviceInfo> devices = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        devices.add(new DeviceInfo(in.readInt(), readOptInt(in)));
      }
      return new DeviceListRecord(user, devices, in.readLong(), readOptString(in),
          readOptInt(in));
    });
  }

  static byte[] device(Device d) {
    return encode(out -> {
      writeOptString(out, d.jid());
      writeOptString(out, d.lid());
      out.writeUTF(d.pushName());
      out.writeInt(d.registrationId());
      writeBytes(out, d.noiseKey());
      writeBytes(out, d.identityKey());
      out.writeInt(d.signedPrekeyId());
      writeBytes(out, d.signedPrekey());
      writeBytes(out, d.advSecretKey());
      writeOptBytes(out, d.account());
      out.writeInt(d.nextPrekeyId());
      out.writeUTF(d.platform());
      writeOptString(out, d.propsHash());
    });
  }

  static Device device(byte[] raw, String what) {
    return decode(raw, what, in -> new Device(readOptString(in), readOptString(in),
        in.readUTF(), in.readInt(), readBytes(in), readBytes(in), in.readInt(), readBytes(in),
        readBytes(in), readOptBytes(in), in.readInt(), in.readUTF(), readOptString(in)));
  }

  static byte[] localIdentity(SignalStore.LocalIdentity id) {
    return encode(out -> {
      out.writeInt(id.registrationId());
      writeBytes(out, id.keyPair());
    });
  }

  static SignalStore.LocalIdentity localIdentity(byte[] raw, String what) {
    return decode(raw, what, in -> {
      int reg = in.readInt();
      return new SignalStore.LocalIdentity(readBytes(in), reg);
    });
  }
}
