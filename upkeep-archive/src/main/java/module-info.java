/**
 * Release archives compatible with rmellipse: model, records, the Archive interface, the transfer
 * engine, the file-system archive, requirements and sync.
 */
module dev.upkeep.archive {
  requires dev.upkeep.signing;
  requires org.semver4j;
  requires org.yaml.snakeyaml;
  requires org.eclipse.jgit;
  requires java.net.http;

  exports dev.upkeep.archive;
}
