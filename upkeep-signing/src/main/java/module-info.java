/** Tree hashes, signatures over them, and verified loading of plugin jars. */
module dev.upkeep.signing {
  requires dev.upkeep.protocol;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;

  exports dev.upkeep.signing;
  exports dev.upkeep.signing.plugin;
}
