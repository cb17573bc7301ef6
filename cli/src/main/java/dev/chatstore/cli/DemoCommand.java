package dev.chatstore.cli;

import dev.chatstore.ChatStore;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.chat.InboxItem;
import dev.chatstore.chat.RangePage;
import dev.chatstore.chat.StoredMessage;
import dev.chatstore.cli.DemoData.Account;
import dev.chatstore.cli.DemoData.Chat;
import dev.chatstore.engine.EngineKeys;
import dev.chatstore.engine.KvEngine;
import dev.chatstore.engine.MessageDoc;
import dev.chatstore.engine.Messages;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.signal.Backend;
import dev.chatstore.signal.Devices;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chatstore demo}: a realistic messaging session. Three accounts ({@link DemoData}) each
 * get a Signal device ({@link Devices}: identity, sessions, pre-keys, device lists, a
 * {@link dev.chatstore.signal.Device} record) and a client Engine in a tenant of their own
 * (address book under {@code contact/{jid}/index}, chat list, message index); their group and
 * direct chats, 2,250 messages, go into a shared {@link ChatDb} (tenant {@value #CHAT_TENANT})
 * with every member's inbox. Then it does the reads a user does: an inbox page with unread
 * counts, a chat page from each store, a contact search by key prefix, and prints a summary
 * with the timings.
 *
 * <p>Every id and value derives from fixed seeds and every write is skipped when its record is
 * already stored, so a second run finds the same data, adds nothing, and says so.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a small realistic messaging session (Signal devices, contacts, group and"
        + " direct chats, 2,250 messages, inbox and chat reads), printing what it did and the"
        + " timings. Safe to run again: a second run finds the data and adds nothing.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:a store failed", "2:bad usage"})
final class DemoCommand implements Callable<Integer> {
  /** The tenant of the shared chat database. */
  static final String CHAT_TENANT = "demo-chats";

  @Spec
  CommandSpec spec;

  @Mixin
  EncryptionOptions encryption;

  @Option(names = "--uri", defaultValue = ChatStore.DEFAULT_URI,
      description = "The store to use (default: ${DEFAULT-VALUE}).")
  String uri;

  private PrintWriter out;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    out.println("chatstore demo on " + uri);
    long t0 = System.nanoTime();
    try (ChatStore store = encryption.open(uri); ChatDb db = ChatDb.open(store, CHAT_TENANT)) {
      step(t0, "opened the store");
      Devices devices = Devices.open(store);
      List<KvEngine> engines = new ArrayList<>();
      for (Account acc : DemoData.ACCOUNTS) {
        engines.add(KvEngine.of(store, acc.tenant()));
      }
      int added = write(devices, engines, db);

      Account me = DemoData.ACCOUNTS.get(0);
      out.println("             reads, as " + DemoData.capitalize(me.name()) + " (" + me.jid() + "):");
      readSignal(devices);
      readInbox(db, me);
      Chat family = DemoData.CHATS.get(0);
      readChat(db, engines.get(0), family);
      searchContacts(engines.get(0));

      long keys = store.keyspace().system().count(KeyRange.all());
      List<String> tenants = store.tenants();
      for (String t : tenants) {
        keys += store.tenant(t).counts().values().stream().mapToLong(Long::longValue).sum();
      }
      out.printf(Locale.ROOT, "             the store holds %,d keys in %d tenants%n", keys, tenants.size());
      if (added == 0) {
        out.println("             this was a re-run: everything was already stored, nothing was added");
      }
    }
    out.printf(Locale.ROOT, "%9.1f ms  done%n", ms(t0));
    return 0;
  }

  /** Writes what is missing; returns how many records were added or changed. */
  private int write(Devices devices, List<KvEngine> engines, ChatDb db) {
    long t = System.nanoTime();
    int created = 0;
    for (int a = 0; a < DemoData.ACCOUNTS.size(); a++) {
      created += DemoWriter.device(devices, a).getValue() ? 1 : 0;
    }
    int book = DemoData.addressBook(0).size();
    step(t, String.format(Locale.ROOT, "Signal devices: %d of %d created (identity, %d pre-keys,"
        + " %d sessions of %,d bytes each)", created, DemoData.ACCOUNTS.size(), DemoData.PREKEYS,
        book, DemoData.SESSION_BYTES));

    t = System.nanoTime();
    int docs = 0;
    for (int a = 0; a < engines.size(); a++) {
      docs += DemoWriter.contactsAndChats(engines.get(a), a);
    }
    step(t, String.format(Locale.ROOT, "address books and chat lists: %d Engine documents"
        + " written", docs));

    t = System.nanoTime();
    int messages = DemoWriter.chatDbMessages(db);
    int marks = DemoWriter.readProgress(db);
    step(t, String.format(Locale.ROOT, "chat database: %,d of %,d messages stored, with the"
        + " inboxes of every member; %d read marks moved", messages, DemoData.totalMessages(),
        marks));

    t = System.nanoTime();
    int indexed = 0;
    for (int a = 0; a < engines.size(); a++) {
      indexed += DemoWriter.engineMessages(engines.get(a), Messages.on(engines.get(a)), a);
    }
    step(t, String.format(Locale.ROOT, "client message indexes: %,d messages indexed, each with"
        + " its document, in %d Engines", indexed, engines.size()));
    return created + docs + messages + marks + indexed;
  }

  private void readSignal(Devices devices) {
    long t = System.nanoTime();
    Account me = DemoData.ACCOUNTS.get(0);
    Account bob = DemoData.ACCOUNTS.get(1);
    Backend device = DemoWriter.device(devices, 0).getKey();
    byte[] session = device.getSession(DemoWriter.address(bob.jid())).orElse(null);
    if (!Arrays.equals(session, DemoWriter.session(me, bob.jid()))) {
      throw new IllegalStateException("the session of " + me.name() + " with " + bob.name()
          + " did not read back as written");
    }
    List<Integer> ids = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      ids.add(i);
    }
    int prekeys = device.loadPrekeysBatch(ids).size();
    boolean identity = device.loadLocalIdentity().isPresent();
    step(t, String.format(Locale.ROOT, "  Signal: device %d, local identity %s, session with %s"
        + " (%,d bytes, as written), %d of 50 pre-keys in one read", device.deviceId(),
        identity ? "found" : "MISSING", DemoData.capitalize(bob.name()), session.length, prekeys));
  }

  private void readInbox(ChatDb db, Account me) {
    Map<String, Chat> byId = new HashMap<>();
    for (Chat c : DemoData.CHATS) {
      byId.put(HexFormat.of().formatHex(DemoData.chatId(c)), c);
    }
    long t = System.nanoTime();
    List<InboxItem> items = db.listUserChats(DemoData.userId(me.jid()), 0, 20).items();
    long unread = items.stream().mapToLong(InboxItem::unread).sum();
    step(t, String.format(Locale.ROOT, "  inbox page: %d chats, %d unread messages", items.size(),
        unread));
    for (InboxItem item : items) {
      Chat c = byId.get(HexFormat.of().formatHex(item.chatId()));
      String title = c.group() ? c.title() : DemoData.nameOf(0, c.jidFor(me.jid()));
      out.printf(Locale.ROOT, "               %-20s %s  %s%n", title,
          item.unread() == 0 ? "        " : String.format(Locale.ROOT, "%2d unread", item.unread()),
          item.preview());
    }
  }

  private void readChat(ChatDb db, KvEngine engine, Chat chat) {
    long t = System.nanoTime();
    RangePage page = db.latest(DemoData.chatId(chat), null, 20);
    long total = db.chatMeta(DemoData.chatId(chat)).map(m -> m.lastSeq()).orElse(0L);
    step(t, String.format(Locale.ROOT, "  chat page from the chat database: latest %d of %d"
        + " messages in %s", page.items().size(), total, chat.title()));
    StoredMessage newest = page.items().get(0);
    String sender = chat.members().stream()
        .filter(j -> Arrays.equals(DemoData.userId(j), newest.message().sender()))
        .map(j -> DemoData.nameOf(0, j)).findFirst().orElse("?");
    out.printf(Locale.ROOT, "               newest: %s: %s%n", sender, newest.message().text());

    Messages index = Messages.on(engine);
    String cid = chat.jidFor(DemoData.ACCOUNTS.get(0).jid());
    t = System.nanoTime();
    List<MessageDoc> docs = index.load(cid, 0, 20);
    long count = index.count(cid);
    step(t, String.format(Locale.ROOT, "  chat page from the Engine: latest %d of %d index"
        + " entries of %s, with their documents", docs.size(), count, cid));
  }

  private void searchContacts(KvEngine engine) {
    String prefix = EngineKeys.CONTACT + "/49151";
    long t = System.nanoTime();
    List<String> keys = engine.list(prefix, 0, 20);
    List<String> names = new ArrayList<>();
    for (String key : keys) {
      names.add(DemoWriter.field(engine.get(key), "name"));
    }
    step(t, String.format(Locale.ROOT, "  contacts by key prefix \"%s\": %d found", prefix,
        keys.size()));
    out.println("               " + String.join(", ", names.stream().sorted().toList()));
  }

  private void step(long startNanos, String what) {
    out.printf(Locale.ROOT, "%9.1f ms  %s%n", ms(startNanos), what);
  }

  private static double ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
