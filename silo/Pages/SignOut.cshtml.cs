using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Prioritise.Silo.Web;

namespace Prioritise.Silo.Pages;

public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Rounds/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(SessionCookie.Scheme);
        TempData["Notice"] = "You have signed out.";
        return RedirectToPage("/SignIn");
    }
}
