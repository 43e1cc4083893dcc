@sp:rfc @rfc7644:3.7
Feature: Bulk operations

  @req:RFC-BULK-01 @may @needs:bulk
  Rule: /Bulk applies its operations and resolves bulkId references when bulk is advertised

    Scenario: a group names a user created in the same bulk request
      When the client creates "ada" and the group "devs" holding it in one bulk request
      Then the bulk response reports each operation created
      And the group "devs" has exactly the members "ada"
