@aws-guide @sp:aws
Feature: The operations AWS serves
  Users: POST, GET, list, PUT, PATCH, DELETE. Groups: POST, GET, list, PATCH, DELETE, no PUT.
  /ServiceProviderConfig, /Schemas and /ResourceTypes are served; /Me, /Bulk and /.search are not.

  @req:AWS-OPS-01 @must
  Rule: Every documented operation on users and groups is served

    Scenario: POST creates a user
      When the client creates the user "ada"
      Then the SP serves it

    Scenario Outline: <operation> on a user is served
      Given the client has created the user "ada"
      When the client sends <operation> for the user "ada"
      Then the SP serves it

      Examples:
        | operation |
        | GET       |
        | list      |
        | PUT       |
        | PATCH     |
        | DELETE    |

    Scenario Outline: POST, then <operation> on a group is served
      Given the client has created the group "admins" without members
      When the client sends <operation> for the group "admins"
      Then the SP serves it

      Examples:
        | operation |
        | GET       |
        | list      |
        | PATCH     |
        | DELETE    |

    Scenario Outline: <endpoint> is served
      When the client calls the endpoint "<endpoint>"
      Then the SP serves it with a JSON document

      Examples:
        | endpoint               |
        | /ServiceProviderConfig |
        | /Schemas               |
        | /ResourceTypes         |

  @req:AWS-OPS-01 @must
  Rule: What AWS does not serve is answered with a 4xx, never a 2xx or a 5xx

    Scenario: PUT on a group is not served
      Given the client has created the group "admins" without members
      When the client replaces the group "admins" with PUT
      Then the SP answers with a 4xx, neither a success nor a server error

    Scenario Outline: <endpoint> is not served
      When the client calls the endpoint "<endpoint>"
      Then the SP answers with a 4xx, neither a success nor a server error

      Examples:
        | endpoint       |
        | /Me            |
        | /Bulk          |
        | /.search       |
        | /Users/.search |
