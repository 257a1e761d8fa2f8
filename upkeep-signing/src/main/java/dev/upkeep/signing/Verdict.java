package dev.upkeep.signing;

import java.util.List;

/**
 * The outcome of checking a signature, with a sentence for people.
 *
 * @param outcome whether it is valid and, if not, what did not match
 * @param message one or more sentences saying what was checked and what differed
 * @param differences the files that changed since signing, when a listing of the signed tree was
 *     given and the signature covers it; else empty
 */
public record Verdict(Outcome outcome, String message, List<TreeDifference> differences) {

  /** What a check found. */
  public enum Outcome {
    /** Made with the key over this hash. */
    VALID,
    /** Made with this key over another hash: the tree changed since it was signed. */
    HASH_MISMATCH,
    /** Not made with this key (or damaged, or made with other PSS parameters). */
    KEY_MISMATCH,
    /**
     * Not valid, and the scheme cannot tell whether the key or the hash differs (Ed25519 without a
     * listing of the signed tree).
     */
    KEY_OR_HASH_MISMATCH,
    /** Not a signature at all: not Base64, or empty. */
    MALFORMED
  }

  public Verdict {
    differences = List.copyOf(differences);
  }

  /** Whether the signature is valid. */
  public boolean valid() {
    return outcome == Outcome.VALID;
  }
}
