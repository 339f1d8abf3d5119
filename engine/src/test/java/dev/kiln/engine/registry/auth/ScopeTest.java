package dev.kiln.engine.registry.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScopeTest {

    @Test
    void printsTheTokenServerForm() {
        assertThat(Scope.pull("library/busybox")).hasToString("repository:library/busybox:pull");
        assertThat(Scope.push("app")).hasToString("repository:app:pull,push");
    }

    @Test
    void sortsActionsAsDockerWritesThem() {
        Scope scope = new Scope("app", Set.of("push", "pull"));

        assertThat(scope).hasToString("repository:app:pull,push").isEqualTo(Scope.push("app"));
        assertThat(scope.hashCode()).isEqualTo(Scope.push("app").hashCode());
    }

    @Test
    void mergesActionsOnTheSameRepository() {
        Scope merged = Scope.pull("app").merge(new Scope("app", Set.of("push")));

        assertThat(merged).isEqualTo(Scope.push("app"));
    }

    @Test
    void refusesToMergeDifferentRepositories() {
        assertThatThrownBy(() -> Scope.pull("a").merge(Scope.pull("b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("merge scope repository:a:pull with repository:b:pull: different repositories");
    }

    @Test
    void pushCoversPullOnTheSameRepositoryOnly() {
        assertThat(Scope.push("a").covers(Scope.pull("a"))).isTrue();
        assertThat(Scope.pull("a").covers(Scope.push("a"))).isFalse();
        assertThat(Scope.push("a").covers(Scope.pull("b"))).isFalse();
    }

    @Test
    void normalizesAListByMergingAndSortingRepositories() {
        List<Scope> scopes = Scope.normalize(List.of(Scope.push("target"), Scope.pull("source"), Scope.pull("target")));

        assertThat(scopes).containsExactly(Scope.pull("source"), Scope.push("target"));
    }

    @Test
    void actionsAreImmutable() {
        assertThatThrownBy(() -> Scope.pull("a").actions().add("push"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsNamesThatWouldMakeAnAmbiguousScope() {
        assertThatThrownBy(() -> Scope.pull("a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scope repository \"a b\"");
        assertThatThrownBy(() -> Scope.pull(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Scope("a", Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scope for repository a: no actions");
        assertThatThrownBy(() -> new Scope("a", Set.of("pull,push")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scope for repository a: bad action \"pull,push\"");
    }
}
