//! The CI step `schemagate init` proposes: for each CI the repository uses
//! (found by its files), a snippet that tests the team's policies and runs
//! the gate on what a change proposes.

use std::path::Path;

/// A CI the repository uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ci {
    GithubActions,
    Gitlab,
    Jenkins,
    Harness,
}

/// What to do with a CI's snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub ci: Ci,
    /// Where the CI reads it, when it is a file of its own (written unless
    /// it exists); `None`: it belongs in a file the team already has, so it
    /// is printed for them to paste.
    pub file: Option<String>,
    /// Where to paste it when it is printed.
    pub paste_into: &'static str,
    pub text: String,
}

impl Ci {
    pub fn name(self) -> &'static str {
        match self {
            Ci::GithubActions => "GitHub Actions",
            Ci::Gitlab => "GitLab CI",
            Ci::Jenkins => "Jenkins",
            Ci::Harness => "Harness",
        }
    }
}

/// The CIs whose files are in `root`, in a fixed order.
pub fn detect(root: &Path) -> Vec<Ci> {
    let marks = [
        (Ci::GithubActions, ".github/workflows"),
        (Ci::Gitlab, ".gitlab-ci.yml"),
        (Ci::Jenkins, "Jenkinsfile"),
        (Ci::Harness, ".harness"),
    ];
    marks
        .into_iter()
        .filter(|(_, path)| root.join(path).exists())
        .map(|(ci, _)| ci)
        .collect()
}

/// What to tell a team with no CI found.
pub const NONE_FOUND: &str = "no CI configuration found (.github/workflows, .gitlab-ci.yml, Jenkinsfile, .harness): \
copy the step for yours from schemagate's examples/ci/ \
(github-actions.yml, gitlab-ci.yml, Jenkinsfile, harness-step.yaml)";

/// The snippet for `ci`; `folder` holds the changelog (for path filters).
pub fn snippet(ci: Ci, folder: &str) -> Snippet {
    match ci {
        Ci::GithubActions => Snippet {
            ci,
            file: Some(".github/workflows/schemagate.yml".to_string()),
            paste_into: ".github/workflows/schemagate.yml",
            text: github(folder),
        },
        Ci::Gitlab => Snippet {
            ci,
            file: None,
            paste_into: ".gitlab-ci.yml",
            text: GITLAB.to_string(),
        },
        Ci::Jenkins => Snippet {
            ci,
            file: None,
            paste_into: "the Jenkinsfile's stages",
            text: JENKINS.to_string(),
        },
        Ci::Harness => Snippet {
            ci,
            file: None,
            paste_into: "the pipeline's steps, before \"Apply Schema\"",
            text: HARNESS.to_string(),
        },
    }
}

fn github(folder: &str) -> String {
    let paths = if folder == "." {
        String::new()
    } else {
        format!("\n    paths: [\"{folder}/**\", \"policies/**\", \"schemagate.yaml\"]")
    };
    format!(
        r#"# written by `schemagate init`: gate every pull request that touches migrations
name: schemagate
on:
  pull_request:{paths}
permissions:
  contents: read
  security-events: write   # upload-sarif
jobs:
  gate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0   # --changed-since needs the base branch's history
      - name: Install schemagate (the release binary; no compiling)
        env:
          SCHEMAGATE_VERSION: v0.1.0
          # the releases of the schemagate repository you use
          SCHEMAGATE_RELEASES: https://github.com/OWNER/schemagate/releases/download
        run: |
          name="schemagate-${{SCHEMAGATE_VERSION}}-x86_64-unknown-linux-musl"
          curl -fsSLO "$SCHEMAGATE_RELEASES/$SCHEMAGATE_VERSION/$name.tar.gz"
          curl -fsSLO "$SCHEMAGATE_RELEASES/$SCHEMAGATE_VERSION/$name.tar.gz.sha256"
          sha256sum -c "$name.tar.gz.sha256"
          tar xzf "$name.tar.gz" && sudo install "$name/schemagate" /usr/local/bin/
      - name: Test the team's policies
        run: schemagate test policies/team
      - name: Check migrations
        # schemagate.yaml names the changelog and dialect; judge only what
        # this pull request adds or edits, the rest is history. Annotations
        # and the job summary (github), and SARIF for code scanning.
        run: >
          schemagate check --env prod --changed-since origin/${{{{ github.base_ref }}}}
          --format github --format sarif=reports/schemagate.sarif
      - name: Upload to code scanning
        if: always()
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: reports/schemagate.sarif
          category: schemagate
"#
    )
}

const GITLAB: &str = r#"schemagate:
  stage: test
  image: ghcr.io/OWNER/schemagate:v0.1.0-ci   # the release image with git and a shell
  variables:
    GIT_DEPTH: 0   # --changed-since needs the target branch's history
  script:
    - schemagate test policies/team
    - schemagate check --env prod
        --changed-since "origin/${CI_MERGE_REQUEST_TARGET_BRANCH_NAME:-main}"
        --format human --format gitlab=gl-code-quality-report.json --format junit=schemagate-junit.xml
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
      junit: schemagate-junit.xml
"#;

const JENKINS: &str = r#"stage('schemagate') {
    steps {
        sh 'schemagate test policies/team'
        // exit 1 (a policy failed) or 2 (unreadable input) stops the build
        sh 'schemagate check --env prod --changed-since origin/main --format human --format junit=reports/schemagate-junit.xml'
    }
    post { always { junit 'reports/schemagate-junit.xml' } }
}
"#;

const HARNESS: &str = r#"- step:
    type: Run
    name: schemagate
    identifier: schemagate
    spec:
      shell: Bash
      command: |
        schemagate test policies/team
        # what the target database has already run is history, the rest is proposed
        psql "$TARGET_DB_READONLY_URL" --csv -c 'select * from databasechangelog' > applied.csv
        schemagate check --env prod --applied applied.csv \
          --format human --format junit=reports/schemagate-junit.xml
      reports:
        type: JUnit
        spec:
          paths:
            - reports/schemagate-junit.xml
"#;
