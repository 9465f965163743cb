"""The employer portal: staff coverage, arrears, exports and monthly staff-change uploads.

Every read goes through `access.employer_membership_get`, which finds the employer only among the
signed-in user's own memberships (no IDOR), and every page needs the second sign-in step."""
