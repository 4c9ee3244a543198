/* Stripe Payment Element: mounts into #payment-element (publishable key and client secret come from
   data- attributes; no inline scripts) and confirms the PaymentIntent, then Stripe returns the payer to
   data-return-url. The server fulfils only from the signed webhook or its own read of the intent. */
(function () {
  "use strict";
  var el = document.getElementById("payment-element");
  if (!el || typeof window.Stripe !== "function") { return; }
  var stripe = window.Stripe(el.dataset.publishableKey, { locale: el.dataset.locale || "auto" });
  var elements = stripe.elements({ clientSecret: el.dataset.clientSecret });
  elements.create("payment").mount(el);
  var form = document.getElementById("payment-form");
  var button = document.getElementById("payment-submit");
  var message = document.getElementById("payment-message");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    message.textContent = "";
    stripe.confirmPayment({ elements: elements, confirmParams: { return_url: el.dataset.returnUrl } })
      .then(function (result) {
        if (result.error) {
          message.textContent = result.error.message || "";
          button.disabled = false;
        }
      });
  });
}());
