// Copy-to-clipboard for citations: each button names the element whose text it copies.
// The only script of the explorer; the pages work without it but for this button.
"use strict";

function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  // Plain http on a host other than localhost: the older way, through a selected text area.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "offscreen";
  document.body.appendChild(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}

document.addEventListener("DOMContentLoaded", () => {
  const status = document.getElementById("copy-status");
  for (const button of document.querySelectorAll("button.copy[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const source = document.getElementById(button.dataset.copy);
      copyText(source.textContent.trim()).then(
        () => {
          button.classList.add("copied");
          if (status) status.textContent = "Citation copied.";
        },
        () => {
          if (status) status.textContent = "Could not copy: select the citation and copy it yourself.";
        },
      );
    });
  }
});
