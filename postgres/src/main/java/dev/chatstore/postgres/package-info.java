/** The chatstore postgres module. */
package dev.chatstore.postgres;
