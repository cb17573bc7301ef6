package dev.chatstore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.chat.ChatMessage;
import dev.chatstore.chat.HlcTimestamp;
import dev.chatstore.chat.MessageWrite;
import dev.chatstore.chat.PutResult;
import dev.chatstore.cli.DemoData.Account;
import dev.chatstore.cli.DemoData.Chat;
import dev.chatstore.cli.DemoData.Message;
import dev.chatstore.engine.Engine;
import dev.chatstore.engine.EngineKeys;
import dev.chatstore.engine.Messages;
import dev.chatstore.signal.Backend;
import dev.chatstore.signal.Device;
import dev.chatstore.signal.DeviceInfo;
import dev.chatstore.signal.DeviceListRecord;
import dev.chatstore.signal.Devices;
import dev.chatstore.signal.SignalStore.LocalIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The writes of {@code chatstore demo}. Every write is idempotent: a record already stored as
 * the demo would write it is left alone, and each method returns how many records it added or
 * changed, so a second run reports (and does) nothing.
 */
final class DemoWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 100;

  private DemoWriter() {}

  /**
   * Account {@code a}'s Signal device: found by its JID among the store's devices, or created
   * with its local identity, signed and one-time pre-keys, and for each address-book entry an
   * identity key, a session record and a device list. The {@link Device} record is saved last,
   * so a device is only found once complete.
   *
   * @return the device and whether it was created now
   */
  static Map.Entry<Backend, Boolean> device(Devices devices, int a) {
    Account acc = DemoData.ACCOUNTS.get(a);
    for (int id : devices.ids()) {
      Backend b = devices.device(id);
      if (b.load().map(d -> acc.jid().equals(d.jid())).orElse(false)) {
        return Map.entry(b, false);
      }
    }
    Backend b = devices.device(devices.create());
    String seed = "signal " + acc.jid() + " ";
    int registrationId = 1 + Math.floorMod((seed).hashCode(), 16380);
    b.putLocalIdentity(new LocalIdentity(DemoData.bytes(seed + "identity", 64), registrationId));
    b.storeSignedPrekey(1, DemoData.bytes(seed + "signed-prekey", 120));
    List<Map.Entry<Integer, byte[]>> prekeys = new ArrayList<>();
    for (int i = 1; i <= DemoData.PREKEYS; i++) {
      prekeys.add(Map.entry(i, DemoData.bytes(seed + "prekey " + i, 70)));
    }
    b.storePrekeysBatch(prekeys, true);
    for (String jid : DemoData.addressBook(a)) {
      b.putIdentity(address(jid), remoteIdentity(jid));
      b.putSession(address(jid), session(acc, jid));
      b.updateDeviceList(new DeviceListRecord(user(jid), List.of(new DeviceInfo(0, null)),
          DemoData.BASE_TIME / 1000, null, null));
    }
    b.save(new Device(acc.jid(), null, DemoData.capitalize(acc.name()), registrationId,
        DemoData.bytes(seed + "noise", 64), DemoData.bytes(seed + "identity", 64), 1,
        DemoData.bytes(seed + "signed-prekey", 120), DemoData.bytes(seed + "adv", 32),
        DemoData.bytes(seed + "account", 160), DemoData.PREKEYS + 1, "android", null));
    return Map.entry(b, true);
  }

  /** The Signal address of {@code jid}'s primary device. */
  static String address(String jid) {
    return user(jid) + ".0";
  }

  /** The session record account {@code acc} holds with {@code jid}. */
  static byte[] session(Account acc, String jid) {
    return DemoData.bytes("session " + acc.jid() + " " + jid, DemoData.SESSION_BYTES);
  }

  private static byte[] remoteIdentity(String jid) {
    return DemoData.bytes("identity " + jid, 32);
  }

  private static String user(String jid) {
    return jid.substring(0, jid.indexOf('@'));
  }

  /**
   * Account {@code a}'s address book ({@code contact/{jid}/index}) and chat list
   * ({@code chat/{jid}/index}) as Engine documents.
   *
   * @return the documents added or changed
   */
  static int contactsAndChats(Engine engine, int a) {
    String me = DemoData.ACCOUNTS.get(a).jid();
    List<Map.Entry<String, String>> docs = new ArrayList<>();
    for (String jid : DemoData.addressBook(a)) {
      docs.add(Map.entry(EngineKeys.contactIndex(jid), json("jid", jid, "name",
          DemoData.nameOf(a, jid), "notify", DemoData.nameOf(a, jid).split(" ")[0])));
    }
    for (Chat chat : DemoData.chatsOf(me)) {
      String jid = chat.jidFor(me);
      docs.add(Map.entry(EngineKeys.chatIndex(jid), json("jid", jid, "name",
          chat.group() ? chat.title() : DemoData.nameOf(a, jid), "group",
          chat.group())));
    }
    return setChanged(engine, docs);
  }

  /**
   * Every message of every chat into the chat database, with the inbox entry of each member,
   * {@value #BATCH} messages per atomic write.
   *
   * @return the messages that were new
   */
  static int chatDbMessages(ChatDb db) {
    int inserted = 0;
    for (Chat chat : DemoData.CHATS) {
      List<byte[]> inboxes = chat.members().stream().map(DemoData::userId).toList();
      for (int from = 0; from < chat.messages(); from += BATCH) {
        List<MessageWrite> writes = new ArrayList<>();
        for (int n = from; n < Math.min(chat.messages(), from + BATCH); n++) {
          Message m = DemoData.message(chat, n);
          writes.add(new MessageWrite(new ChatMessage(DemoData.chatId(chat), m.msgId(),
              DemoData.userId(m.sender()), new HlcTimestamp(m.timestamp(), 0), m.text(), null),
              inboxes));
        }
        inserted += (int) db.putMessages(writes).stream().filter(PutResult::inserted).count();
      }
    }
    return inserted;
  }

  /**
   * Each account's read progress: every chat read up to its last few messages
   * ({@link DemoData#unreadBy}). Only moves forward.
   *
   * @return the read marks that moved
   */
  static int readProgress(ChatDb db) {
    int moved = 0;
    for (Account acc : DemoData.ACCOUNTS) {
      for (Chat chat : DemoData.chatsOf(acc.jid())) {
        long seq = chat.messages() - DemoData.unreadBy(chat, acc.jid());
        if (db.setUserReadProgress(DemoData.userId(acc.jid()), DemoData.chatId(chat), seq)) {
          moved++;
        }
      }
    }
    return moved;
  }

  /**
   * The messages of account {@code a}'s chats into its client's message index
   * ({@code chat/{jid}/messages}) with a {@code chat/{jid}/message/{id}/index} document each.
   *
   * @return the index entries that were new
   */
  static int engineMessages(Engine engine, Messages index, int a) {
    String me = DemoData.ACCOUNTS.get(a).jid();
    int appended = 0;
    for (Chat chat : DemoData.chatsOf(me)) {
      String cid = chat.jidFor(me);
      for (int from = 0; from < chat.messages(); from += BATCH) {
        List<Map.Entry<String, String>> docs = new ArrayList<>();
        for (int n = from; n < Math.min(chat.messages(), from + BATCH); n++) {
          Message m = DemoData.message(chat, n);
          docs.add(Map.entry(EngineKeys.messageIndex(cid, m.clientId()), json("id", m.clientId(),
              "from", m.sender(), "fromMe", m.sender().equals(me), "ts", m.timestamp(),
              "text", m.text())));
        }
        setChanged(engine, docs);
        for (int n = from; n < Math.min(chat.messages(), from + BATCH); n++) {
          Message m = DemoData.message(chat, n);
          if (index.append(cid, m.timestamp(), m.clientId())) {
            appended++;
          }
        }
      }
    }
    return appended;
  }

  /** Sets, in one batch, those of {@code docs} whose stored text differs; returns how many. */
  private static int setChanged(Engine engine, List<Map.Entry<String, String>> docs) {
    List<Map.Entry<String, String>> changed = new ArrayList<>();
    for (Map.Entry<String, String> d : docs) {
      if (!Objects.equals(engine.get(d.getKey()), d.getValue())) {
        changed.add(d);
      }
    }
    if (!changed.isEmpty()) {
      engine.setBatch(changed);
    }
    return changed.size();
  }

  /** A JSON object of the given name/value pairs, in order. */
  static String json(Object... pairs) {
    ObjectNode o = JSON.createObjectNode();
    for (int i = 0; i < pairs.length; i += 2) {
      o.set((String) pairs[i], JSON.valueToTree(pairs[i + 1]));
    }
    return o.toString();
  }

  /** Field {@code name} of JSON document {@code doc}, or "" when absent. */
  static String field(String doc, String name) {
    try {
      return Optional.ofNullable(JSON.readTree(doc).get(name)).map(n -> n.asText()).orElse("");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored document is not JSON: " + doc, e);
    }
  }
}
