package dev.chatstore.whatsapp;

import java.util.List;

/**
 * A parsed chat export.
 *
 * @param name the chat's name: given by the caller, or taken from the file name
 *     ({@code WhatsApp Chat with Alice.txt} gives {@code Alice})
 * @param messages the messages in file order
 * @param dateOrder how the dates were read
 * @param dateOrderFromData whether the data decided the order (a day above 12 was seen, or a
 *     four-digit year came first); {@code false} when every date was ambiguous and the
 *     caller's or the default order was used
 */
public record WhatsAppChat(String name, List<WhatsAppMessage> messages,
    WhatsAppExportParser.DateOrder dateOrder, boolean dateOrderFromData) {
  public WhatsAppChat {
    messages = List.copyOf(messages);
  }

  /** The number of system lines. */
  public long systemCount() {
    return messages.stream().filter(WhatsAppMessage::system).count();
  }

  /** The number of messages with an attachment (present or omitted). */
  public long attachmentCount() {
    return messages.stream().filter(m -> m.attachment() != null).count();
  }
}
