package dev.chatstore.redis;

/**
 * One Redis server address of a {@link RedisUri}: a standalone server, or one seed node of a
 * cluster. Immutable.
 *
 * @param host the host name or address, an IPv6 address without brackets; never empty
 * @param port the TCP port, 1 to 65535
 */
public record RedisNode(String host, int port) {
  /**
   * Checks the address.
   *
   * @throws IllegalArgumentException when the host is empty or the port out of range
   */
  public RedisNode {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is out of range; expected an integer"
          + " from 1 to 65535");
    }
  }

  /** {@code host:port}, with brackets around an IPv6 address. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
