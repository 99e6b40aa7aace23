package org.kavosh.opensearch;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.AccessController;
import java.security.PrivilegedAction;

/**
 * The Rust analysis, reached through JNI. The library ({@value #LIBRARY}) lies beside the plugin's
 * jar; the system property {@code kavosh.native} names another (the tests load it from cargo's
 * target folder).
 */
final class KavoshNative {
  static final String LIBRARY = "libkavosh_jni.so";

  static {
    load();
  }

  private KavoshNative() {}

  /**
   * The tokens of {@code text[0..length)}: by the document analyzer (a compound's parts stacked at
   * its position), or by the query analyzer (whole words) when {@code forQueries}. A failure on the
   * native side (even a panic) is thrown as an IllegalStateException.
   */
  static native Analysis analyze(char[] text, int length, boolean forQueries);

  // OpenSearch 2.x runs plugins under the security manager: loading needs the plugin's own
  // permissions (plugin-security.policy), asserted here.
  @SuppressWarnings("removal")
  private static void load() {
    AccessController.doPrivileged(
        (PrivilegedAction<Void>)
            () -> {
              System.load(libraryPath().toString());
              return null;
            });
  }

  private static Path libraryPath() {
    String named = System.getProperty("kavosh.native");
    if (named != null && !named.isEmpty()) {
      return Path.of(named);
    }
    try {
      Path jar =
          Path.of(KavoshNative.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return jar.getParent().resolve(LIBRARY);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot find the folder of the kavosh plugin's jar", e);
    }
  }
}
