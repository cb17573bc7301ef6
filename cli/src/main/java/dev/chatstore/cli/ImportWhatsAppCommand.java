package dev.chatstore.cli;

import dev.chatstore.ChatStore;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.whatsapp.WhatsAppChat;
import dev.chatstore.whatsapp.WhatsAppExportParser;
import dev.chatstore.whatsapp.WhatsAppImporter;
import dev.chatstore.whatsapp.WhatsAppParseException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chatstore import-whatsapp URI FILE}: reads a WhatsApp chat export
 * ({@link WhatsAppExportParser}) and writes it into a chat of the chat database
 * ({@link WhatsAppImporter}).
 */
@Command(name = "import-whatsapp", mixinStandardHelpOptions = true,
    description = {"Import a WhatsApp chat export (the .txt, or the .zip with _chat.txt inside)"
        + " into a chat of the chat database of tenant T.",
        "Reads Android and iOS exports, 12- and 24-hour clocks, day-first, month-first and"
            + " year-first dates (decided by the data; day-first when every date is ambiguous,"
            + " unless --date-order says otherwise), multi-line messages, system lines and"
            + " attachments (noted in each message's payload).",
        "The whole file is parsed first: a line that cannot be read is reported with its number"
            + " and nothing is imported. Ids are hashes of the export, so importing the same"
            + " file again adds nothing."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the file cannot be read (line named) or the store failed",
        "2:bad usage"})
final class ImportWhatsAppCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  EncryptionOptions encryption;

  @Parameters(index = "0", paramLabel = "URI", description = "The store to write to.")
  String uri;

  @Parameters(index = "1", paramLabel = "FILE", description = "The export: .txt or .zip.")
  Path file;

  @Option(names = "--chat", paramLabel = "NAME",
      description = "The chat's name (default: from the file name, such as 'Alice' for"
          + " 'WhatsApp Chat with Alice.txt').")
  String chat;

  @Option(names = "--tenant", paramLabel = "T", defaultValue = "whatsapp",
      description = "The tenant whose chat database receives the chat (default: ${DEFAULT-VALUE}).")
  String tenant;

  @Option(names = "--date-order", paramLabel = "ORDER",
      description = "Force DAY_FIRST, MONTH_FIRST or YEAR_FIRST instead of deciding by the data.")
  WhatsAppExportParser.DateOrder dateOrder;

  @Option(names = "--zone", paramLabel = "ZONE",
      description = "Time zone of the export's local times (default: this machine's, ${DEFAULT-VALUE}).",
      defaultValue = "${sys:user.timezone}")
  String zone;

  @Mixin
  ProgressOption progress;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("chat export " + file + " does not exist or is not a file");
    }
    ZoneId zoneId;
    try {
      zoneId = zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("--zone '" + zone + "' is not a time zone; expected"
          + " an id such as UTC or Europe/Berlin", e);
    }
    PrintWriter out = spec.commandLine().getOut();
    WhatsAppChat parsed;
    try {
      parsed = WhatsAppExportParser.parse(file, chat, dateOrder);
    } catch (WhatsAppParseException e) {
      spec.commandLine().getErr().println("chatstore: " + file + ": " + e.getMessage()
          + "; nothing was imported");
      return 1;
    }
    try (ChatStore store = encryption.open(uri); ChatDb db = ChatDb.open(store, tenant);
        Progress p = progress.start(spec.commandLine().getErr(), "import",
            parsed.messages().size())) {
      WhatsAppImporter.Result r = WhatsAppImporter.importChat(db, parsed, zoneId, p::advance);
      p.finish();
      out.printf(Locale.ROOT, "imported chat '%s' (id %s) into tenant '%s' of %s%n",
          parsed.name(), HexFormat.of().formatHex(r.chatId()).substring(0, 16), tenant, uri);
      out.printf(Locale.ROOT, "  %,d messages: %,d new, %,d already there; %,d system lines,"
          + " %,d attachments, %d members%n", r.messages(), r.inserted(),
          r.messages() - r.inserted(), parsed.systemCount(), parsed.attachmentCount(),
          r.members());
      out.printf(Locale.ROOT, "  dates read %s (%s)%n",
          parsed.dateOrder().name().toLowerCase(Locale.ROOT).replace('_', '-'),
          dateOrder != null ? "as asked"
              : parsed.dateOrderFromData() ? "decided by the data"
              : "every date was ambiguous; use --date-order to choose");
    }
    return 0;
  }
}
