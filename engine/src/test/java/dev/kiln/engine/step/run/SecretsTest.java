package dev.kiln.engine.step.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.run.MountSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void aFileSecretKeepsItsPathAndReadsNothingYet() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "s3cr3t");
        Secrets s = Secrets.parse(List.of("id=token,src=" + file), Map.of());
        assertThat(s.source("token")).contains(new MountSpec.FromFile(file));
    }

    @Test
    void sourceIsASynonymOfSrcAndKeysAreCaseInsensitive() throws Exception {
        Path file = Files.writeString(dir.resolve("t"), "x");
        Secrets s = Secrets.parse(List.of("ID=a,Source=" + file), Map.of());
        assertThat(s.source("a")).contains(new MountSpec.FromFile(file));
    }

    @Test
    void anEnvSecretIsReadFromTheEnvironmentWhenParsed() {
        Secrets s = Secrets.parse(List.of("id=tok,env=MY_TOKEN"), Map.of("MY_TOKEN", "value1"));
        assertThat(s.source("tok")).contains(new MountSpec.FromBytes("value1".getBytes()));
    }

    @Test
    void typeEnvTakesTheVariableNameFromSrc() {
        Secrets s = Secrets.parse(List.of("id=tok,type=env,src=OTHER"), Map.of("OTHER", "v"));
        assertThat(s.source("tok")).contains(new MountSpec.FromBytes("v".getBytes()));
    }

    @Test
    void anIdAloneUsesTheVariableOfThatNameWhenSet() {
        Secrets s = Secrets.parse(List.of("id=API_KEY"), Map.of("API_KEY", "k"));
        assertThat(s.source("API_KEY")).contains(new MountSpec.FromBytes("k".getBytes()));
    }

    @Test
    void anIdAloneWithoutSuchVariableIsAFileAndMustExist() {
        assertThatThrownBy(() -> Secrets.parse(List.of("id=nope-" + System.nanoTime()), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--secret id=nope-").hasMessageContaining("does not exist");
    }

    @Test
    void anUnsetVariableLeavesTheSecretAbsent() {
        Secrets s = Secrets.parse(List.of("id=tok,env=UNSET"), Map.of());
        assertThat(s.source("tok")).isEmpty();
    }

    @Test
    void aLaterFlagForTheSameIdWins() {
        Secrets s = Secrets.parse(List.of("id=a,env=X", "id=a,env=Y"), Map.of("X", "1", "Y", "2"));
        assertThat(s.source("a")).contains(new MountSpec.FromBytes("2".getBytes()));
    }

    @Test
    void badFlagsNameTheFlagAndTheProblem() {
        assertThatThrownBy(() -> Secrets.parse(List.of("src=/x"), Map.of()))
                .hasMessage("--secret src=/x: secret id missing (id=...)");
        assertThatThrownBy(() -> Secrets.parse(List.of("id=a,color=red"), Map.of()))
                .hasMessage("--secret id=a,color=red: unexpected key 'color' in 'color=red'");
        assertThatThrownBy(() -> Secrets.parse(List.of("id=a,type=ssh"), Map.of()))
                .hasMessage("--secret id=a,type=ssh: unsupported secret type \"ssh\" (expected file or env)");
        assertThatThrownBy(() -> Secrets.parse(List.of("id=a,novalue"), Map.of()))
                .hasMessage("--secret id=a,novalue: invalid field 'novalue' must be a key=value pair");
    }

    @Test
    void quotedCsvFieldsMayHoldCommas() throws Exception {
        Path file = Files.writeString(dir.resolve("a,b"), "x");
        Secrets s = Secrets.parse(List.of("id=a,\"src=" + file + "\""), Map.of());
        assertThat(s.source("a")).contains(new MountSpec.FromFile(file));
    }

    @Test
    void aFileOverBuildKitsLimitIsRefused() throws Exception {
        Path big = Files.write(dir.resolve("big"), new byte[Secrets.MAX_SIZE + 1]);
        assertThatThrownBy(() -> Secrets.parse(List.of("id=big,src=" + big), Map.of()))
                .hasMessageContaining("secret big too big");
    }

    @Test
    void toStringShowsIdsButNeverValues() {
        Secrets s = Secrets.parse(List.of("id=tok,env=T"), Map.of("T", "hunter2"));
        assertThat(s.toString()).isEqualTo("Secrets[tok]").doesNotContain("hunter2");
    }
}
