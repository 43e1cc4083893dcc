@aws-guide @sp:aws
Feature: The filters AWS understands
  Only `eq`, joined by `and`, on the documented attributes and combinations. Users: userName, externalId,
  groups.value, or id with manager. Groups: displayName, externalId, or id with members.
  Placeholders such as {ada.userName} stand for the scenario's own values. Each scenario creates only what
  its filter names: a membership only where the filter reads one, a manager only where it names one.

  @req:AWS-FILTER-01 @must
  Rule: The documented filters find exactly what they name

    Scenario Outline: users by <filter>
      Given the client has created the user "ada"
      And the client has created the user "bob"
      When the client lists the users with the filter '<filter>'
      Then the list holds exactly "ada"

      Examples:
        | filter                           |
        | userName eq "{ada.userName}"     |
        | externalId eq "{ada.externalId}" |

    Scenario: users by id and manager
      Given the client has created the user "bob"
      And the client has created the user "ada" managed by "bob"
      When the client lists the users with the filter 'id eq "{ada.id}" and manager eq "{bob.id}"'
      Then the list holds exactly "ada"

    Scenario: users by groups.value
      Given the client has created the user "ada"
      And the client has created the user "bob"
      And the client has created the group "admins" with "ada" as a member
      When the client lists the users with the filter 'groups.value eq "{admins.id}"'
      Then the list holds exactly "ada"

    Scenario Outline: groups by <filter>
      Given the client has created the group "admins" without members
      And the client has created the group "others" without members
      When the client lists the groups with the filter '<filter>'
      Then the list holds exactly "admins"

      Examples:
        | filter                                |
        | displayName eq "{admins.displayName}" |
        | externalId eq "{admins.externalId}"   |

    Scenario: groups by id and members
      Given the client has created the user "ada"
      And the client has created the group "admins" with "ada" as a member
      When the client lists the groups with the filter 'id eq "{admins.id}" and members eq "{ada.id}"'
      Then the list holds exactly "admins"

  @req:AWS-FILTER-01 @must
  Rule: Any other filter is refused with 400

    Scenario Outline: users by <filter> are refused
      Given the client has created the user "ada"
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
      Given the client has created the group "admins" without members
      When the client lists the groups with the filter '<filter>'
      Then the SP answers 400 with the profile's error body

      Examples:
        | filter                                   |
        | displayName co "{admins.displayName}"    |
        | displayName sw "{admins.displayName}"    |
        | displayName ne "{admins.displayName}"    |
        | id eq "{admins.id}"                      |
