/** Upkeep's client library: breadcrumbs, tracked runs and version checks for JVM apps. */
module dev.upkeep.client {
  requires dev.upkeep.protocol;

  exports dev.upkeep.client;

  uses dev.upkeep.client.SecretStore;
}
