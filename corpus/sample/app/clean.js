// No secrets here: placeholders and references only.
const token = process.env.GITHUB_TOKEN;
const password = "<your-password-here>";
const checksum = "sha512-Kq9ZpX4mW8vT1nB6cY3hJ5fL0sA2eG7uR2d7Kq9ZpX4mW8vT1nB6cY3hJ5fL0sA2eG7uQ==";
module.exports = { token, password, checksum };
