// Every page: the language switcher changes language as soon as one is picked (the button
// in <noscript> does it without JS). Kept out of the markup: the CSP allows no inline script.
(function () {
  "use strict";
  const language = document.getElementById("language");
  if (language) language.addEventListener("change", () => language.form.submit());
})();
