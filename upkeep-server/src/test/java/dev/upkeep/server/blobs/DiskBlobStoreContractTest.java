package dev.upkeep.server.blobs;

/** The blob store contract on the collector's disk, in the test's directory. */
class DiskBlobStoreContractTest extends BlobStoreContract {
  @Override
  BlobStore newStore(long maxSize) {
    return new DiskBlobStore(dir.resolve("blobs"), maxSize);
  }
}
