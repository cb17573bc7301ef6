package dev.chatstore.kv;

/**
 * Thrown when a call needs a {@link KvFeature} that the store does not declare. Nothing was
 * changed by the call. {@link dev.chatstore.keyspace.Features#fill(KvStore)} gives a store that
 * has every feature.
 */
public final class UnsupportedFeatureException extends UnsupportedOperationException {
  private static final long serialVersionUID = 1L;

  private final KvFeature feature;

  public UnsupportedFeatureException(KvFeature feature, String storeName) {
    super(storeName + " does not support " + feature + " (" + feature.description()
        + "); open it through ChatStore or Features.fill(store) to have it emulated");
    this.feature = feature;
  }

  /** The missing feature. */
  public KvFeature feature() {
    return feature;
  }
}
