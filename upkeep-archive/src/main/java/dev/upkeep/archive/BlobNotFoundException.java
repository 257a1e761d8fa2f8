package dev.upkeep.archive;

/** A blob a record names is not in the archive. */
public final class BlobNotFoundException extends ArchiveException {
  private static final long serialVersionUID = 1L;
  private final BlobId blob;

  public BlobNotFoundException(BlobId blob, String archive) {
    super("blob " + blob.abbreviated() + " is missing from " + archive);
    this.blob = blob;
  }

  public BlobId blob() {
    return blob;
  }
}
