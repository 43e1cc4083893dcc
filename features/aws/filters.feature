@aws-guide @sp:aws
Feature: The filters AWS understands
  Only `eq`, joined by `and`, on the documented attributes and combinations. Users: userName, externalId,
  groups.value, or id with manager. Groups: displayName, externalId, or id with members.
  Placeholders such as {ada.userName} stand for the scenario's own values.

  Background:
    Given the client has created the user "bob"
    And the client has created the user "ada" managed by "bob"
    And the client has created the group "admins" with "ada" as a member

  @req:AWS-FILTER-01 @must
  Rule: The documented filters find exactly what they name

    Scenario Outline: users by <filter>
      When the client lists the users with the filter '<filter>'
      Then the list holds exactly "ada"

      Examples:
        | filter                                     |
        | userName eq "{ada.userName}"               |
        | externalId eq "{ada.externalId}"           |
        | groups.value eq "{admins.id}"              |
        | id eq "{ada.id}" and manager eq "{bob.id}" |

    Scenario Outline: groups by <filter>
      When the client lists the groups with the filter '<filter>'
      Then the list holds exactly "admins"

      Examples:
        | filter                                        |
        | displayName eq "{admins.displayName}"         |
        | externalId eq "{admins.externalId}"           |
        | id eq "{admins.id}" and members eq "{ada.id}" |

  @req:AWS-FILTER-01 @must
  Rule: Any other filter is refused with 400

    Scenario Outline: users by <filter> are refused
      When the client lists the users with the filter '<filter>'
      Then the SP answers 400 with the profile's error body

      Examples:
        | filter                                                      |
        | userName co "{ada.userName}"                                |
        | userName sw "{ada.userName}"                                |
        | userName ne "{ada.userName}"                                |
        | userName pr                                                 |
        | userName eq "{ada.userName}" or userName eq "{bob.userName}" |
        | not (userName eq "{ada.userName}")                          |
        | displayName eq "{ada.displayName}"                          |
        | emails.value eq "{ada.userName}"                            |
        | userName eq "{ada.userName}" and externalId eq "{ada.externalId}" |
        | id eq "{ada.id}"                                            |

    Scenario Outline: groups by <filter> are refused
      When the client lists the groups with the filter '<filter>'
      Then the SP answers 400 with the profile's error body

      Examples:
        | filter                                   |
        | displayName co "{admins.displayName}"    |
        | displayName sw "{admins.displayName}"    |
        | displayName ne "{admins.displayName}"    |
        | id eq "{admins.id}"                      |
