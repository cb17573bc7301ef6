/** The {@code chatstore} command line ({@code ./chatstore} at the repository root runs it). */
package dev.chatstore.cli;
