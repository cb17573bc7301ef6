package dev.chatstore.signal;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Tuple;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The {@link ProtocolStore} part of a device's backend. */
abstract class ProtocolPart extends AppSyncPart implements ProtocolStore {
  private static final byte[] NO_KEY = {0};
  private static final byte[] HAS_KEY = {1};

  ProtocolPart(Devices devices, int deviceId) {
    super(devices, deviceId);
  }

  // ---- sender-key distribution ----

  @Override
  public List<Map.Entry<String, Boolean>> getSenderKeyDevices(String groupJid) {
    Checks.notEmpty(groupJid, "groupJid");
    List<Map.Entry<String, Boolean>> out = new ArrayList<>();
    for (KvEntry e : scanAll(Rec.SENDER_KEY_DEVICE, groupJid)) {
      String device = space(Rec.SENDER_KEY_DEVICE).unpack(e.key()).getString(1);
      out.add(new AbstractMap.SimpleImmutableEntry<>(device, Arrays.equals(e.value(), HAS_KEY)));
    }
    return out;
  }

  @Override
  public void setSenderKeyStatus(String groupJid, List<Map.Entry<String, Boolean>> entries) {
    Checks.notEmpty(groupJid, "groupJid");
    Checks.notNull(entries, "entries");
    WriteBatch.Builder b = WriteBatch.builder();
    for (Map.Entry<String, Boolean> e : entries) {
      Checks.notNull(e, "entry");
      String device = Checks.notEmpty(e.getKey(), "device JID");
      boolean has = Checks.notNull(e.getValue(), "has-key flag of", device);
      b.put(key(Rec.SENDER_KEY_DEVICE, groupJid, device), has ? HAS_KEY : NO_KEY);
    }
    write(b.build());
  }

  @Override
  public void clearSenderKeyDevices(String groupJid) {
    Checks.notEmpty(groupJid, "groupJid");
    write(WriteBatch.builder()
        .deleteRange(space(Rec.SENDER_KEY_DEVICE).range(Tuple.of(groupJid))).build());
  }

  // ---- LID to phone number ----

  @Override
  public Optional<LidPnMappingEntry> getLidMapping(String lid) {
    Checks.notEmpty(lid, "lid");
    return read(RecordCodec::lidMapping, Rec.LID, lid);
  }

  @Override
  public Optional<LidPnMappingEntry> getPnMapping(String phone) {
    Checks.notEmpty(phone, "phone");
    // newest first; an entry whose mapping moved on since the index was read is passed over
    KeyRange rest = space(Rec.LID_BY_PHONE).range(Tuple.of(phone));
    while (rest != null) {
      ScanPage page = kv.scan(rest, Direction.DESCENDING, 8);
      for (KvEntry e : page.entries()) {
        Tuple t = space(Rec.LID_BY_PHONE).unpack(e.key());
        Optional<LidPnMappingEntry> m = getLidMapping(t.getString(2));
        if (m.isPresent() && m.get().phoneNumber().equals(phone)
            && m.get().updatedAt() == t.getLong(1)) {
          return m;
        }
      }
      rest = page.rest();
    }
    return Optional.empty();
  }

  @Override
  public void putLidMapping(LidPnMappingEntry entry) {
    Checks.notNull(entry, "entry");
    String lid = entry.lid();
    String what = describe(Rec.LID, lid);
    upsertIndexed(key(Rec.LID, lid), old -> RecordCodec.lidMapping(old == null ? entry
        : entry.withCreatedAt(RecordCodec.lidMapping(old, what).createdAt())), raw -> {
          LidPnMappingEntry m = RecordCodec.lidMapping(raw, what);
          return key(Rec.LID_BY_PHONE, m.phoneNumber(), m.updatedAt(), lid);
        });
  }

  @Override
  public List<LidPnMappingEntry> getAllLidMappings() {
    List<LidPnMappingEntry> out = new ArrayList<>();
    for (KvEntry e : scanAll(Rec.LID)) {
      out.add(RecordCodec.lidMapping(e.value(), "device " + deviceId + " LID mapping "
          + space(Rec.LID).unpack(e.key())));
    }
    return out;
  }

  // ---- base keys ----

  @Override
  public void saveBaseKey(String address, String messageId, byte[] baseKey) {
    Checks.notEmpty(address, "address");
    Checks.notEmpty(messageId, "messageId");
    Checks.notNull(baseKey, "baseKey");
    write(WriteBatch.builder().put(key(Rec.BASE_KEY, address, messageId), baseKey).build());
  }

  @Override
  public boolean hasSameBaseKey(String address, String messageId, byte[] currentBaseKey) {
    Checks.notEmpty(address, "address");
    Checks.notEmpty(messageId, "messageId");
    Checks.notNull(currentBaseKey, "currentBaseKey");
    return Arrays.equals(kv.get(key(Rec.BASE_KEY, address, messageId)), currentBaseKey);
  }

  @Override
  public void deleteBaseKey(String address, String messageId) {
    Checks.notEmpty(address, "address");
    Checks.notEmpty(messageId, "messageId");
    write(WriteBatch.builder().delete(key(Rec.BASE_KEY, address, messageId)).build());
  }

  // ---- device registry ----

  @Override
  public Optional<IdentityChange> updateDeviceList(DeviceListRecord record) {
    Checks.notNull(record, "record");
    byte[] k = key(Rec.DEVICE_LIST, record.user());
    byte[] value = RecordCodec.deviceList(record);
    while (true) {
      byte[] raw = kv.get(k);
      if (write(WriteBatch.builder().check(k, raw).put(k, value).build())) {
        if (raw == null) {
          return Optional.empty();
        }
        Integer before = RecordCodec.deviceList(raw, describe(Rec.DEVICE_LIST, record.user()))
            .rawId();
        return before != null && record.rawId() != null && !before.equals(record.rawId())
            ? Optional.of(new IdentityChange(record.user(), before, record.rawId()))
            : Optional.empty();
      }
    }
  }

  @Override
  public Optional<DeviceListRecord> getDevices(String user) {
    Checks.notEmpty(user, "user");
    return read(RecordCodec::deviceList, Rec.DEVICE_LIST, user);
  }

  // ---- trusted-contact tokens ----

  @Override
  public Optional<TcTokenEntry> getTcToken(String jid) {
    Checks.notEmpty(jid, "jid");
    return read(RecordCodec::tcToken, Rec.TC_TOKEN, jid);
  }

  @Override
  public void putTcToken(String jid, TcTokenEntry entry) {
    Checks.notEmpty(jid, "jid");
    Checks.notNull(entry, "entry");
    byte[] value = RecordCodec.tcToken(entry);
    upsertIndexed(key(Rec.TC_TOKEN, jid), old -> value, tcIndex(jid));
  }

  private UnaryOperator<byte[]> tcIndex(String jid) {
    return raw -> key(Rec.TC_TOKEN_BY_TIME,
        RecordCodec.tcToken(raw, describe(Rec.TC_TOKEN, jid)).tokenTimestamp(), jid);
  }

  @Override
  public void deleteTcToken(String jid) {
    Checks.notEmpty(jid, "jid");
    removeIndexed(key(Rec.TC_TOKEN, jid), tcIndex(jid));
  }

  @Override
  public List<String> getAllTcTokenJids() {
    List<String> out = new ArrayList<>();
    for (KvEntry e : scanAll(Rec.TC_TOKEN)) {
      out.add(space(Rec.TC_TOKEN).unpack(e.key()).getString(0));
    }
    return out;
  }

  @Override
  public int deleteExpiredTcTokens(long cutoffTimestamp) {
    return deleteOlder(Rec.TC_TOKEN_BY_TIME, Rec.TC_TOKEN, cutoffTimestamp);
  }

  // ---- sent messages ----

  @Override
  public void storeSentMessage(String chatJid, String messageId, byte[] payload) {
    Checks.notEmpty(chatJid, "chatJid");
    Checks.notEmpty(messageId, "messageId");
    Checks.notNull(payload, "payload");
    long now = clock.instant().getEpochSecond();
    byte[] value = ByteBuffer.allocate(8 + payload.length).putLong(now).put(payload).array();
    upsertIndexed(key(Rec.SENT_MESSAGE, chatJid, messageId), old -> value,
        sentIndex(chatJid, messageId));
  }

  private UnaryOperator<byte[]> sentIndex(String chatJid, String messageId) {
    return raw -> key(Rec.SENT_MESSAGE_BY_TIME, sentAt(raw, chatJid, messageId), chatJid,
        messageId);
  }

  @Override
  public Optional<byte[]> takeSentMessage(String chatJid, String messageId) {
    Checks.notEmpty(chatJid, "chatJid");
    Checks.notEmpty(messageId, "messageId");
    byte[] raw = removeIndexed(key(Rec.SENT_MESSAGE, chatJid, messageId),
        sentIndex(chatJid, messageId));
    return raw == null ? Optional.empty() : Optional.of(Arrays.copyOfRange(raw, 8, raw.length));
  }

  @Override
  public int deleteExpiredSentMessages(long cutoffTimestamp) {
    return deleteOlder(Rec.SENT_MESSAGE_BY_TIME, Rec.SENT_MESSAGE, cutoffTimestamp);
  }

  private long sentAt(byte[] raw, String chatJid, String messageId) {
    if (raw.length < 8) {
      throw RecordCodec.corrupt(describe(Rec.SENT_MESSAGE, chatJid, messageId), raw.length
          + " bytes, expected a time stamp and a payload", null);
    }
    return ByteBuffer.wrap(raw).getLong();
  }

  /**
   * Deletes the records whose time index entry {@code (time, id...)} in {@code index} is
   * strictly before {@code cutoff}, with their index entries, page by page; each page is one
   * atomic batch that checks the records are still the ones indexed (a concurrent update moves
   * its index entry, and the page is read again).
   */
  private int deleteOlder(Rec index, Rec records, long cutoff) {
    KeyRange range = between(index, Tuple.of(Long.MIN_VALUE), Tuple.of(cutoff));
    int deleted = 0;
    while (true) {
      List<KvEntry> page = kv.scan(range, Direction.ASCENDING, PAGE).entries();
      if (page.isEmpty()) {
        return deleted;
      }
      WriteBatch.Builder b = WriteBatch.builder();
      for (KvEntry e : page) {
        Tuple t = space(index).unpack(e.key());
        Object[] id = t.items().subList(1, t.size()).toArray();
        b.check(e.key(), EMPTY).delete(e.key()).delete(key(records, id));
      }
      if (write(b.build())) {
        deleted += page.size();
      }
    }
  }
}
