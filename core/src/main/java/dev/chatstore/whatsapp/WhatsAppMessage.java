package dev.chatstore.whatsapp;

import java.time.LocalDateTime;

/**
 * One message of a chat export.
 *
 * @param line the 1-based line of the file where the message starts
 * @param time the local date and time the export shows (exports carry no time zone)
 * @param author the sender as the export names them (a contact name or a phone number), or
 *     {@code null} for a system line (group created, member added, encryption notice, ...)
 * @param text the text, lines joined with {@code \n}, with the U+200E/U+200F direction marks
 *     that the apps put at the start of a line removed
 * @param attachment the attached or omitted media, or {@code null} for a plain message
 */
public record WhatsAppMessage(int line, LocalDateTime time, String author, String text,
    Attachment attachment) {

  /** Whether this is a system line (no author). */
  public boolean system() {
    return author == null;
  }

  /** Whether the text spans more than one line. */
  public boolean multiLine() {
    return text.indexOf('\n') >= 0;
  }

  /**
   * Media of a message.
   *
   * @param fileName the file's name in the export ({@code 00000001-PHOTO-....jpg},
   *     {@code IMG-20190620-WA0001.jpg}), or {@code null} when the export omitted the media
   *     ({@code <Media omitted>}, {@code image omitted})
   */
  public record Attachment(String fileName) {
    /** Whether the media itself was left out of the export. */
    public boolean omitted() {
      return fileName == null;
    }
  }
}
