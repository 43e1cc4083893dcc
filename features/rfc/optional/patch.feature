@sp:rfc @rfc7644:3.5.2
Feature: Modifying with PATCH
  PATCH is optional in RFC 7644 (patch.supported), though every IdP dialect needs it.

  @req:RFC-PATCH-01 @may @needs:patch
  Rule: PATCH add, replace and remove work with simple, complex, filtered and extension paths, and without a path

    Scenario Outline: PATCH to <change>
      Given the client has created the nicknamed user "ada"
      When the client patches "ada" to "<change>"
      Then the patched user shows the change

      @rfc7644:3.5.2.3
      Examples: replace
        | change                                     |
        | replace the displayName                    |
        | replace name.givenName                     |
        | replace the work email's value             |
        | replace the enterprise department          |
        | replace displayName and title without a path |

      @rfc7644:3.5.2.1
      Examples: add
        | change                                     |
        | add a title                                |
        | add a phone number                         |
        | add an enterprise employeeNumber without a path |

      @rfc7644:3.5.2.2
      Examples: remove
        | change                                     |
        | remove the nickName                        |
        | remove the work email                      |
