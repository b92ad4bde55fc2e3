package io.devicejobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** LICENSE is the license that pom.xml names, word for word. */
class ProjectFilesTest {

  /** SHA-256 of https://www.apache.org/licenses/LICENSE-2.0.txt, the full text, unchanged. */
  private static final String APACHE_2_0_SHA256 =
      "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30";

  @Test
  void theLicenseIsTheFullApache20TextThatThePomNames() throws Exception {
    byte[] license = Files.readAllBytes(Path.of("LICENSE"));
    assertEquals(
        APACHE_2_0_SHA256,
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(license)));
    String pom = Files.readString(Path.of("pom.xml"));
    assertTrue(
        pom.contains(
            "<name>Apache-2.0</name>\n      <url>https://www.apache.org/licenses/LICENSE-2.0.txt</url>"),
        "pom.xml names the same license");
  }
}
