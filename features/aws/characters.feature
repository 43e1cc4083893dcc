@aws-guide @sp:aws
Feature: Characters AWS refuses
  A user's userName, displayName, nickName, title, name parts or address parts containing <, >, ;, :, %,
  a tab, a line feed or a carriage return, or any synced string attribute that is "", are refused.

  @req:AWS-CHARS-01 @must
  Rule: A forbidden character in a user's names, title or address is refused with 400 and nothing is stored

    Scenario Outline: a userName containing <character> is refused
      When the client creates the user "ada" whose userName contains <character>
      Then the SP answers 400 with the profile's error body
      And nothing of "ada" is stored

      Examples:
        | character         |
        | "<"               |
        | ">"               |
        | ";"               |
        | ":"               |
        | "%"               |
        | a tab             |
        | a line feed       |
        | a carriage return |

    Scenario Outline: a <attribute> containing <character> is refused
      When the client creates the user "ada" whose <attribute> contains <character>
      Then the SP answers 400 with the profile's error body
      And nothing of "ada" is stored

      Examples:
        | attribute              | character         |
        | displayName            | "<"               |
        | nickName               | ">"               |
        | title                  | ";"               |
        | name.givenName         | ":"               |
        | name.familyName        | "%"               |
        | name.middleName        | a tab             |
        | name.formatted         | a line feed       |
        | name.honorificPrefix   | a carriage return |
        | name.honorificSuffix   | "<"               |
        | addresses.streetAddress | ";"              |
        | addresses.locality     | ":"               |
        | addresses.region       | "%"               |
        | addresses.postalCode   | ">"               |
        | addresses.country      | a tab             |
        | addresses.formatted    | a line feed       |

  @req:AWS-CHARS-01 @must
  Rule: A synced string attribute that is the empty string is refused with 400 and nothing is stored

    Scenario Outline: an empty <attribute> is refused
      When the client creates the user "ada" whose <attribute> is the empty string
      Then the SP answers 400 with the profile's error body
      And nothing of "ada" is stored

      Examples:
        | attribute          |
        | displayName        |
        | nickName           |
        | title              |
        | userType           |
        | preferredLanguage  |
        | locale             |
        | timezone           |
        | externalId         |
        | name.givenName     |
        | name.middleName    |
        | addresses.locality |
        | phoneNumbers.value |
