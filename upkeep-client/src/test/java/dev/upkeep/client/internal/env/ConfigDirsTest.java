package dev.upkeep.client.internal.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ConfigDirsTest {
  private static final Path HOME = Path.of("/home/alice");

  private static Function<String, String> system(String osName, Path home) {
    Map<String, String> map = new HashMap<>();
    map.put("os.name", osName);
    map.put("user.home", home == null ? null : home.toString());
    return map::get;
  }

  @Test
  void linuxDefaultsToDotConfigAndDotCache() {
    ConfigDirs dirs = ConfigDirs.detect(Collections.emptyMap(), system("Linux", HOME));

    assertThat(dirs.configDir()).isEqualTo(HOME.resolve(".config/upkeep"));
    assertThat(dirs.cacheDir()).isEqualTo(HOME.resolve(".cache/upkeep"));
  }

  @Test
  void linuxFollowsXdgVariables() {
    Map<String, String> env =
        Map.of("XDG_CONFIG_HOME", "/xdg/config", "XDG_CACHE_HOME", "/xdg/cache");

    ConfigDirs dirs = ConfigDirs.detect(env, system("Linux", HOME));

    assertThat(dirs.configDir()).isEqualTo(Path.of("/xdg/config/upkeep"));
    assertThat(dirs.cacheDir()).isEqualTo(Path.of("/xdg/cache/upkeep"));
  }

  @Test
  void relativeOrEmptyXdgVariablesAreIgnored() {
    Map<String, String> env = Map.of("XDG_CONFIG_HOME", "relative/config", "XDG_CACHE_HOME", "");

    ConfigDirs dirs = ConfigDirs.detect(env, system("Linux", HOME));

    assertThat(dirs.configDir()).isEqualTo(HOME.resolve(".config/upkeep"));
    assertThat(dirs.cacheDir()).isEqualTo(HOME.resolve(".cache/upkeep"));
  }

  @Test
  void freeBsdAndOtherSystemsUseXdg() {
    Map<String, String> env = Map.of("XDG_CONFIG_HOME", "/xdg");

    assertThat(ConfigDirs.detect(env, system("FreeBSD", HOME)).configDir())
        .isEqualTo(Path.of("/xdg/upkeep"));
    assertThat(ConfigDirs.detect(env, system("SunOS", HOME)).configDir())
        .isEqualTo(Path.of("/xdg/upkeep"));
  }

  @Test
  void macOsUsesLibrary() {
    Path home = Path.of("/Users/alice");

    ConfigDirs dirs =
        ConfigDirs.detect(Map.of("XDG_CONFIG_HOME", "/xdg"), system("Mac OS X", home));

    assertThat(dirs.configDir()).isEqualTo(home.resolve("Library/Application Support/upkeep"));
    assertThat(dirs.cacheDir()).isEqualTo(home.resolve("Library/Caches/upkeep"));
  }

  @Test
  void windowsUsesAppData() {
    Map<String, String> env =
        Map.of(
            "APPDATA", "C:\\Users\\alice\\AppData\\Roaming",
            "LOCALAPPDATA", "C:\\Users\\alice\\AppData\\Local");

    ConfigDirs dirs = ConfigDirs.detect(env, system("Windows 11", HOME));

    assertThat(dirs.configDir())
        .isEqualTo(Path.of("C:\\Users\\alice\\AppData\\Roaming").resolve("upkeep"));
    assertThat(dirs.cacheDir())
        .isEqualTo(Path.of("C:\\Users\\alice\\AppData\\Local").resolve("upkeep").resolve("cache"));
  }

  @Test
  void windowsWithoutAppDataFallsBackToHome() {
    ConfigDirs dirs = ConfigDirs.detect(Collections.emptyMap(), system("Windows 10", HOME));

    assertThat(dirs.configDir()).isEqualTo(HOME.resolve("AppData/Roaming/upkeep"));
    assertThat(dirs.cacheDir()).isEqualTo(HOME.resolve("AppData/Local/upkeep/cache"));
  }

  @Test
  void overrideVariablesWinOnEveryPlatform() {
    Map<String, String> env =
        Map.of(
            "UPKEEP_CONFIG_DIR", "/etc/upkeep-app",
            "UPKEEP_CACHE_DIR", "/var/cache/upkeep-app",
            "XDG_CONFIG_HOME", "/xdg",
            "APPDATA", "/appdata");

    for (String os : new String[] {"Linux", "Mac OS X", "Windows 10"}) {
      ConfigDirs dirs = ConfigDirs.detect(env, system(os, HOME));

      assertThat(dirs.configDir()).as(os).isEqualTo(Path.of("/etc/upkeep-app"));
      assertThat(dirs.cacheDir()).as(os).isEqualTo(Path.of("/var/cache/upkeep-app"));
    }
  }

  @Test
  void unknownHomeGivesNullUnlessSomethingElseIsSet() {
    ConfigDirs none = ConfigDirs.detect(Collections.emptyMap(), system("Linux", null));
    assertThat(none.configDir()).isNull();
    assertThat(none.cacheDir()).isNull();

    ConfigDirs questionMark =
        ConfigDirs.detect(Collections.emptyMap(), system("Linux", Path.of("?")));
    assertThat(questionMark.configDir()).isNull();

    ConfigDirs xdg = ConfigDirs.detect(Map.of("XDG_CONFIG_HOME", "/xdg"), system("Linux", null));
    assertThat(xdg.configDir()).isEqualTo(Path.of("/xdg/upkeep"));
    assertThat(xdg.cacheDir()).isNull();
  }

  @Test
  void neverThrowsOnNullOrFailingSources() {
    Function<String, String> throwing =
        name -> {
          throw new SecurityException(name);
        };

    assertThat(ConfigDirs.detect(null, throwing).configDir()).isNull();
    assertThat(ConfigDirs.detect(null, null).cacheDir()).isNull();
    assertThat(
            ConfigDirs.detect(Map.of("UPKEEP_CONFIG_DIR", "bad\0path"), system("Linux", HOME))
                .configDir())
        .isEqualTo(HOME.resolve(".config/upkeep"));
  }

  @Test
  void toStringNamesBothDirectories() {
    ConfigDirs dirs = ConfigDirs.detect(Collections.emptyMap(), system("Linux", HOME));

    assertThat(dirs)
        .hasToString(
            "config "
                + HOME.resolve(".config/upkeep")
                + ", cache "
                + HOME.resolve(".cache/upkeep"));
  }
}
