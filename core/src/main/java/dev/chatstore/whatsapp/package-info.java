/**
 * A parser of WhatsApp's own chat export ("Export chat"): the {@code .txt} file, or the
 * {@code .zip} with {@code _chat.txt} inside, as the Android and iOS apps write them.
 * See {@link dev.chatstore.whatsapp.WhatsAppExportParser} for the formats it reads.
 */
package dev.chatstore.whatsapp;
