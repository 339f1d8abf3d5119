package dev.kiln.engine.step.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.dockerfile.instruction.InlineSource;
import dev.kiln.engine.dockerfile.plan.Step;
import dev.kiln.engine.step.copy.CopyRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WordsTest {

    private static Step last(String dockerfile) {
        return Fold.steps(dockerfile).getLast();
    }

    @Test
    void copyRequestExpandsSourcesDestinationAndFlags() {
        CopyRequest r = Words.copyRequest(last("""
                FROM scratch
                ARG SRC=app U=1000 M=755
                COPY --chown=$U:$U --chmod=$M --exclude=$SRC/*.md --link --parents ${SRC}/bin "$SRC"-lib /opt/$SRC/
                """), "/work");
        assertThat(r.kind()).isEqualTo(CopyRequest.Kind.COPY);
        assertThat(r.line()).isEqualTo(3);
        assertThat(r.sources()).containsExactly("app/bin", "app-lib");
        assertThat(r.destination()).isEqualTo("/opt/app/");
        assertThat(r.chown()).contains("1000:1000");
        assertThat(r.chmod()).contains("755");
        assertThat(r.excludes()).containsExactly("$SRC/*.md");
        assertThat(r.link()).isTrue();
        assertThat(r.parents()).isTrue();
        assertThat(r.workdir()).isEqualTo("/work");
    }

    @Test
    void addRequestExpandsTheChecksumAndKeepsGitAndUnpackFlags() {
        CopyRequest r = Words.copyRequest(last("""
                FROM scratch
                ARG SUM=sha256:0123456789012345678901234567890123456789012345678901234567890123
                ADD --checksum=$SUM --keep-git-dir=true --unpack=false https://example.com/x.tar /x/
                """), "");
        assertThat(r.kind()).isEqualTo(CopyRequest.Kind.ADD);
        assertThat(r.checksum()).contains("sha256:0123456789012345678901234567890123456789012345678901234567890123");
        assertThat(r.keepGitDir()).contains(true);
        assertThat(r.unpack()).contains(false);
        assertThat(r.workdir()).isEqualTo("/");
    }

    @Test
    void flagsThatExpandToNothingAreAbsent() {
        CopyRequest r = Words.copyRequest(last("FROM scratch\nCOPY --chown=$NOBODY a b\n"), "/");
        assertThat(r.chown()).isEmpty();
    }

    @Test
    void unquotedHeredocBodiesAreExpandedQuotedOnesKept() {
        CopyRequest r = Words.copyRequest(last("""
                FROM scratch
                ARG NAME=kiln
                COPY <<A <<"B" /etc/
                hello $NAME "quoted"
                A
                raw $NAME
                B
                """), "/");
        assertThat(r.inline()).containsExactly(new InlineSource("A", "hello kiln \"quoted\"\n", false),
                new InlineSource("B", "raw $NAME\n", false));
    }

    @Test
    void copyRequestExpansionErrorNamesTheLine() {
        assertThatThrownBy(() -> Words.copyRequest(last("FROM scratch\n\nCOPY ${SRC:?no_source} /x\n"), "/"))
                .isInstanceOf(StepException.class)
                .hasMessage("Dockerfile:3: COPY: failed to process \"${SRC:?no_source}\": SRC: no_source");
    }

    @Test
    void copyRequestRefusesOtherInstructions() {
        assertThatThrownBy(() -> Words.copyRequest(last("FROM scratch\nRUN x\n"), "/"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workdirKeepsAbsolutePathsAsWrittenAsBuildKitDoes() {
        assertThat(Words.workdir(last("FROM scratch\nWORKDIR /app/\n"), "/x")).isEqualTo("/app/");
        assertThat(Words.workdir(last("FROM scratch\nWORKDIR /a/../b\n"), "/x")).isEqualTo("/a/../b");
    }

    @Test
    void workdirJoinsAndCleansRelativePaths() {
        assertThat(Words.workdir(last("FROM scratch\nWORKDIR sub/./dir/\n"), "/app")).isEqualTo("/app/sub/dir");
        assertThat(Words.workdir(last("FROM scratch\nWORKDIR ../../..\n"), "/app")).isEqualTo("/");
        assertThat(Words.workdir(last("FROM scratch\nWORKDIR rel\n"), "")).isEqualTo("/rel");
    }

    @Test
    void workdirExpandingToNothingKeepsTheCurrentDirectory() {
        assertThat(Words.workdir(last("FROM scratch\nWORKDIR $NOTHING\n"), "/srv")).isEqualTo("/srv");
    }

    @Test
    void workdirIsExpandedWithTheScopeBeforeIt() {
        assertThat(Words.workdir(last("FROM scratch\nARG D=/opt\nENV D=/srv\nWORKDIR $D/app\n"), "/"))
                .isEqualTo("/srv/app");
    }

    @Test
    void theEscapeDirectiveApplies() {
        CopyRequest r = Words.copyRequest(last("# escape=`\nFROM scratch\nCOPY a`$b c\n"), "/");
        assertThat(r.sources()).containsExactly("a$b");
    }

    @Test
    void stepExceptionCanBeRelocated() {
        StepException e = new StepException(null, "create WORKDIR /x: boom", null);
        assertThat(e.getMessage()).isEqualTo("create WORKDIR /x: boom");
        assertThat(e.location()).isEqualTo(Optional.empty());
        Step step = last("FROM scratch\nWORKDIR /x\n");
        assertThat(e.at(step.location()).getMessage()).isEqualTo("Dockerfile:2: create WORKDIR /x: boom");
        assertThat(List.of(e.reason())).containsExactly("create WORKDIR /x: boom");
    }
}
