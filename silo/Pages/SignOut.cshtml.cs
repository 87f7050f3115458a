using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages;

public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Rounds/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        // Ends the session on the server, not only the browser's cookie: a copy of it no longer works.
        await SessionCookie.SignOut(HttpContext);
        TempData["Notice"] = "You have signed out.";
        return RedirectToPage("/SignIn");
    }
}
