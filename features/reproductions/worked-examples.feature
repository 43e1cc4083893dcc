@reproduction
Feature: Reproducing a reported bug from a recorded exchange
  A support engineer pastes what the IdP really sent (a JSON transcript, e.g. captured with
  `scim-conformance record --listen <port> --upstream <url>`) into fixtures/transcripts/, replays it with
  one step against any target, and asserts on the outcome. See features/reproductions/README.md.

  Scenario: Entra ID's legacy member removal must remove only that member (worked example 1)
    When the support engineer replays the transcript "entra-legacy-member-removal.json"
    Then every replayed request succeeds or fails as it did when recorded
    And the user created by replayed request 1 is a member of the group created by replayed request 3
    And the user created by replayed request 2 is not a member of the group created by replayed request 3

  Scenario: OneLogin's PUT with a trailing "?" updates the user (worked example 2)
    When the support engineer replays the transcript "onelogin-put-trailing-question-mark.json"
    Then replayed request 3 succeeds
    And the user created by replayed request 2 has the first name "Augusta"
