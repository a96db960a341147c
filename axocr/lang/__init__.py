"""What the extractor knows about languages: field labels and their strengths, document titles,
party markers, legal forms and tax words. It sits below ``extract`` and ``validate`` so that
both read the same knowledge."""
