package io.devicejobs.jobs.document;

/** Builds RFC 6901 JSON pointers one reference token at a time. */
final class JsonPointers {

  static final String ROOT = "";

  private JsonPointers() {}

  static String child(String parent, String key) {
    // "~" must be escaped first, or the "~" introduced by "~1" would be escaped again.
    return parent + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  static String child(String parent, int index) {
    return parent + "/" + index;
  }
}
