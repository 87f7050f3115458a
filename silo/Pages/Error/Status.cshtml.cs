using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Prioritise.Domain;

namespace Prioritise.Silo.Pages.Error;

/// <summary>
/// The page behind every empty error answer of a page path (issue 14): the site's header (and
/// sign-out, for the signed-in) stays, the status stays what it was, and there is a way back.
/// It says nothing a 404 would not: an unknown round and a round the reader is not on read alike.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed partial class ErrorStatusModel : PageModel
{
    /// <summary>
    /// The status from the route, read by hand: nothing on this page is bound, so a POST re-executed
    /// here (a form too large for the sign-in page, say) never has its body read a second time.
    /// </summary>
    public int Code => int.TryParse(RouteData.Values["code"] as string, out var code) ? code : StatusCodes.Status404NotFound;

    public string Heading { get; private set; } = "";
    public IReadOnlyList<string> Explanation { get; private set; } = [];
    /// <summary>The round the failed address was under, when it was a bid's or a tab's page.</summary>
    public string? RoundPath { get; private set; }

    public void OnGet() => Describe();
    public void OnPost() => Describe();

    private void Describe()
    {
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        // Opened directly (/error/404), the page still answers with the status it describes.
        if (reExecuted is null) Response.StatusCode = Code is >= 400 and <= 599 ? Code : StatusCodes.Status404NotFound;
        var original = reExecuted?.OriginalPath ?? "";
        if (RoundUnder().Match(original) is { Success: true } m && Ids.IsValid(m.Groups[1].Value) && m.Groups[2].Success)
            RoundPath = "/rounds/" + m.Groups[1].Value;
        (Heading, Explanation) = Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ("Page not found", (IReadOnlyList<string>)
            [
                "There is nothing at this address.",
                "If you typed it, check it. If you followed a link to a round or a bid, it may have been removed, or you may not be on that round's committee.",
            ]),
            StatusCodes.Status403Forbidden => ("You do not have access to this page",
                ["Your role on this committee does not include it. If you think it should, ask the round's administrator."]),
            StatusCodes.Status400BadRequest => ("Something was wrong with that request",
                ["Go back, reload the page and try again. Nothing was changed."]),
            StatusCodes.Status405MethodNotAllowed => ("That cannot be done here",
                ["This address does not take that kind of request. Nothing was changed."]),
            >= 500 => ("Sorry, there is a problem with the service", ["Try again later."]),
            _ => ("Sorry, that did not work", ["Go back and try again."]),
        };
    }

    [GeneratedRegex("^/rounds/([^/]+)(/.+)?$")]
    private static partial Regex RoundUnder();
}
