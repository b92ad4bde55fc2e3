package io.devicejobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.devicejobs.cli.Variable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against the code, both ways: every variable the code reads (a {@code static final
 * Variable} anywhere in src/main, and what logback.xml reads) is documented with its default, and every
 * documented variable is one of them and is read somewhere. Reading the environment any other way is refused.
 */
class ConfigurationReferenceTest {
  private static final Path DOC = Path.of("docs/configuration.md");
  private static final Pattern ROW = Pattern.compile("^\\| `([A-Z][A-Z0-9_]*)` \\| ([^|]*) \\|");

  private static final Map<String, String> inCode = new TreeMap<>();
  private static final List<JavaField> fields = new ArrayList<>();

  @BeforeAll
  static void findTheVariables() throws IllegalAccessException {
    for (JavaClass owner :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.devicejobs")) {
      for (JavaField field : owner.getFields()) {
        if (field.getRawType().isEquivalentTo(Variable.class)
            && field.getModifiers().contains(JavaModifier.STATIC)) {
          fields.add(field);
          java.lang.reflect.Field reflected = field.reflect();
          reflected.setAccessible(true);
          Variable<?> variable = (Variable<?>) reflected.get(null);
          inCode.put(variable.name(), variable.shownDefault());
          if (variable.secret()) {
            inCode.put(variable.fileName(), "—");
          }
        }
      }
    }
  }

  @Test
  void everyVariableIsDocumentedWithItsDefaultAndEveryDocumentedOneExists() throws IOException {
    Map<String, String> documented = new TreeMap<>();
    for (String line : Files.readAllLines(DOC)) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        String previous = documented.put(row.group(1), row.group(2).replace("`", "").trim());
        assertEquals(null, previous, row.group(1) + " is documented twice");
      }
    }
    assertEquals(inCode, documented, "docs/configuration.md (name → default) against the code");
  }

  @Test
  void everyVariableIsReadSomewhere() {
    for (JavaField field : fields) {
      boolean read =
          field.getAccessesToSelf().stream()
              .anyMatch(access -> access.getAccessType() == JavaFieldAccess.AccessType.GET);
      assertTrue(read, field.getFullName() + " is declared but never read");
    }
  }

  @Test
  void logbackReadsOnlyDocumentedVariables() throws IOException {
    Matcher uses =
        Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)")
            .matcher(Files.readString(Path.of("src/main/resources/logback.xml")));
    TreeSet<String> read = new TreeSet<>();
    while (uses.find()) {
      read.add(uses.group(1));
    }
    assertTrue(read.size() >= 3, read::toString);
    assertTrue(inCode.keySet().containsAll(read), () -> read + " not all in " + inCode.keySet());
  }

  /** Only Main hands the environment in (and AppConfig.fromEnvironment for tests); nothing reads it by name. */
  @Test
  void theEnvironmentIsReadOnlyThroughVariables() throws IOException {
    Pattern byName =
        Pattern.compile("(getenv|\\.get|\\.getOrDefault|\\.containsKey)\\(\"[A-Z][A-Z0-9_]+\"");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(source);
        String name = source.getFileName().toString();
        if (byName.matcher(text).find()
            || (text.contains("System.getenv(")
                && !name.equals("Main.java")
                && !name.equals("AppConfig.java"))) {
          offenders.add(source.toString());
        }
      }
    }
    assertEquals(List.of(), offenders);
  }
}
