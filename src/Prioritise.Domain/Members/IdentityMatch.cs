namespace Prioritise.Domain.Members;

/// <summary>
/// Who a sign-in through the organisation's identity provider is (issue 17). A member is found by
/// the provider's subject (<c>sub</c>) once linked; the first time, by the email address the
/// administrator recorded, and only when the provider says it has verified that address. A member
/// already linked to another subject is not taken over by a matching email. Nobody unknown gets an
/// account: the answer is then null, and the page names whom to ask. Roles are never taken from the
/// provider: they stay the round's committee's.
/// </summary>
public static class IdentityMatch
{
    /// <param name="bySubject">The member whose recorded subject is <paramref name="subject"/>, if any.</param>
    /// <param name="byEmail">The member whose recorded email is the provider's email, if any.</param>
    /// <returns>The member to sign in and whether the subject is to be recorded on them now; null for nobody.</returns>
    public static (MemberProfile Member, bool Link)? Find(
        string subject, MemberProfile? bySubject, string? email, bool emailVerified, MemberProfile? byEmail)
    {
        if (string.IsNullOrEmpty(subject)) return null;
        if (bySubject is not null && string.Equals(bySubject.ExternalId, subject, StringComparison.Ordinal)) return (bySubject, false);
        if (byEmail is null || !emailVerified || string.IsNullOrWhiteSpace(email)) return null;
        if (!string.Equals(byEmail.Email?.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase)) return null;
        // Once only: a member already linked to another identity is not taken over by an email.
        if (byEmail.ExternalId is not null) return null;
        return (byEmail, true);
    }
}
