/** Wire model of Upkeep's event API and a dependency-free JSON codec. */
module dev.upkeep.protocol {
  exports dev.upkeep.protocol;
}
